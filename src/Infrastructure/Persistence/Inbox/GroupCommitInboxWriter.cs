using System.Data;
using System.Data.Common;
using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms.ReceiveInboundSms;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Persistence.Inbox;

/// <summary>The inbox's single writer (docs/adr/0037-group-committed-inbox.md). Callers queue their SMS on a channel; one loop takes
/// whatever has queued (at most <see cref="DatabaseOptions.InboxMaxBatch"/>), inserts it in one transaction with one prepared
/// <c>INSERT … ON CONFLICT DO NOTHING</c> per row on its own connection, commits, hands the new ids on and only then completes each
/// caller. While one batch commits the next one queues, so the batch grows with the load and no request waits for a timer. A batch the
/// database refuses is rolled back and written again one row per transaction, so each caller gets its own answer.
/// <para>On SQLite the rows go to the landing file (<see cref="LandingFile"/>, docs/adr/0055-inbox-landing-file.md), which has a write
/// lock of its own; a new row is checked against <c>InboundSms</c> of the application's database after its insert, so a repeat of an
/// SMS moved there already is a duplicate too, and <see cref="InboxMover"/> moves the rows and hands them to processing. On SQL Server
/// the rows go to <c>InboundSms</c> directly and to processing after the commit.</para></summary>
internal sealed partial class GroupCommitInboxWriter(
    IServiceScopeFactory scopes, IInboundSmsQueue queue, DatabaseOptions options, LandingFile landing, InboxMover mover,
    Processing.IngestPressure pressure, ILogger<GroupCommitInboxWriter> logger)
    : BackgroundService, IInboxWriter
{
    /// <param name="Request">the webhook's activity: processing continues its trace.</param>
    private sealed record Pending(InboundSms Sms, TaskCompletionSource<ReceiveInboundSmsResult> Done, System.Diagnostics.Activity? Request);

    private readonly Channel<Pending> _pending = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly int _maxBatch = Math.Clamp(options.InboxMaxBatch, 1, 10_000);
    private readonly InboxSql _sql = landing.Enabled ? InboxSql.Landing : InboxSql.SqlServer;
    private AsyncServiceScope? _scope;
    private DbConnection? _connection;
    private DbCommand? _insert;
    private DbCommand? _find;
    private Microsoft.Data.Sqlite.SqliteConnection? _app; // landing only: the application's database, read for SMS moved there already
    private DbCommand? _findMoved;
    private DbCommand? _unland;

    public Task<ReceiveInboundSmsResult> StoreAsync(InboundSms sms, CancellationToken ct)
    {
        var done = new TaskCompletionSource<ReceiveInboundSmsResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite(new Pending(sms, done, System.Diagnostics.Activity.Current)))
            throw new InvalidOperationException("The inbox is closed: the service is stopping.");
        // once queued the SMS is written whatever the caller does; a caller that gives up only stops waiting for the answer
        return done.Task.WaitAsync(ct);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _pending.Writer.TryComplete(); // what is queued is still written (and answered) before the loop ends
        await base.StopAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<Pending>(_maxBatch);
        try
        {
            // not stoppingToken: on stop the channel is completed and the loop drains it, so no queued caller is left unanswered
            while (await _pending.Reader.WaitToReadAsync(CancellationToken.None))
            {
                await WriteAsync(batch);
                batch.Clear();
            }
        }
        finally
        {
            await CloseAsync();
        }
    }

    private void Take(List<Pending> batch)
    {
        while (batch.Count < _maxBatch && _pending.Reader.TryRead(out var next)) batch.Add(next);
        pressure.BatchWritten(batch.Count);
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        ReceiveInboundSmsResult[] results;
        try
        {
            await OpenAsync();
            await EnterGateAsync();
            Take(batch); // after the wait for the gate: the requests that arrived meanwhile go in this batch too
            results = new ReceiveInboundSmsResult[batch.Count];
            try
            {
                await using var transaction = await _connection!.BeginTransactionAsync();
                for (var i = 0; i < batch.Count; i++) results[i] = await StoreAsync(batch[i].Sms, transaction);
                Landing(batch, results); // before the commit: the mover may take the rows the moment they are committed
                await transaction.CommitAsync();
            }
            finally
            {
                LeaveGate();
            }
        }
        catch (Exception ex)
        {
            if (batch.Count == 0) Take(batch); // the connection or the gate failed: these callers get their answer one by one
            LogBatchRefused(ex, batch.Count);
            await CloseAsync(); // a fresh connection for the retry: the failure may have been the connection's
            await WriteOneByOneAsync(batch);
            return;
        }
        if (landing.Enabled) mover.Wake();
        else
            for (var i = 0; i < batch.Count; i++)
                if (!results[i].Duplicate) Enqueue(results[i].Id, batch[i].Request);
        for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
    }

    /// <summary>On SQLite the landing file's writers (this one and the mover's deletions) take turns rather than collide on its lock.</summary>
    private Task EnterGateAsync() => landing.Enabled ? landing.WriteGate.WaitAsync() : Task.CompletedTask;

    private void LeaveGate()
    {
        if (landing.Enabled) landing.WriteGate.Release();
    }

    /// <summary>The mover hands a landed SMS to processing once it is in <c>InboundSms</c>, in the trace of the request it came in.</summary>
    private void Landing(List<Pending> batch, ReceiveInboundSmsResult[] results)
    {
        if (!landing.Enabled) return;
        for (var i = 0; i < batch.Count; i++)
            if (!results[i].Duplicate) mover.Landed(results[i].Id, batch[i].Request);
    }

    public Task ReadableAsync(TimeSpan atMost, CancellationToken ct) => landing.Enabled ? mover.MovedAsync(atMost, ct) : Task.CompletedTask;

    /// <summary>Hands a stored SMS to processing as if from its webhook request, so its processing continues the request's trace.</summary>
    private void Enqueue(Guid id, System.Diagnostics.Activity? request)
    {
        var previous = System.Diagnostics.Activity.Current;
        System.Diagnostics.Activity.Current = request;
        try
        {
            queue.Enqueue(id);
        }
        finally
        {
            System.Diagnostics.Activity.Current = previous;
        }
    }

    /// <summary>One transaction per row: the row the database refuses fails its own caller only.</summary>
    private async Task WriteOneByOneAsync(List<Pending> batch)
    {
        foreach (var pending in batch)
        {
            try
            {
                await OpenAsync();
                ReceiveInboundSmsResult result;
                await EnterGateAsync();
                try
                {
                    await using var transaction = await _connection!.BeginTransactionAsync();
                    result = await StoreAsync(pending.Sms, transaction);
                    Landing([pending], [result]);
                    await transaction.CommitAsync();
                }
                finally
                {
                    LeaveGate();
                }
                if (landing.Enabled) mover.Wake();
                else if (!result.Duplicate) Enqueue(result.Id, pending.Request);
                pending.Done.TrySetResult(result);
            }
            catch (Exception ex)
            {
                LogRowRefused(ex, pending.Sms.Channel);
                mover.Forget(pending.Sms.Id);
                await CloseAsync();
                pending.Done.TrySetException(new InboxWriteException(ex));
            }
        }
    }

    private async Task<ReceiveInboundSmsResult> StoreAsync(InboundSms sms, DbTransaction transaction)
    {
        _insert!.Transaction = transaction;
        _sql.Bind(_insert, sms);
        if (await _insert.ExecuteNonQueryAsync() == 1)
        {
            // Landed. After the insert, not before: the mover deletes a landed row only after the commit that moved it, so a repeat
            // either meets the landed row above or finds the moved one here.
            if (_findMoved is null) return new(sms.Id, Duplicate: false);
            _findMoved.Parameters["@channel"].Value = sms.Channel;
            _findMoved.Parameters["@externalId"].Value = sms.ExternalId;
            if (await _findMoved.ExecuteScalarAsync() is not { } moved) return new(sms.Id, Duplicate: false);
            _unland!.Transaction = transaction;
            _unland.Parameters["@id"].Value = sms.Id.ToString().ToUpperInvariant();
            await _unland.ExecuteNonQueryAsync();
            return new(Guid.Parse((string)moved), Duplicate: true);
        }

        _find!.Transaction = transaction;
        _find.Parameters["@channel"].Value = sms.Channel;
        _find.Parameters["@externalId"].Value = sms.ExternalId;
        var id = await _find.ExecuteScalarAsync() ?? throw new InvalidOperationException("The insert was ignored, yet no row holds its key.");
        return new(id is Guid g ? g : Guid.Parse((string)id), Duplicate: true);
    }

    private async Task OpenAsync()
    {
        if (_connection is not null) return;
        if (landing.Enabled)
        {
            _connection = landing.Open();
            _app = new Microsoft.Data.Sqlite.SqliteConnection(landing.AppConnectionString);
            await _app.OpenAsync();
            LandingFile.Execute(_app, "PRAGMA busy_timeout=10000;");
            _insert = _sql.CreateInsert(_connection);
            _find = _sql.CreateFind(_connection);
            _findMoved = InboxSql.Sqlite.CreateFind(_app);
            _unland = InboxSql.Landing.CreateUnland(_connection);
            return;
        }
        _scope = scopes.CreateAsyncScope();
        var db = _scope.Value.ServiceProvider.GetRequiredService<AppDbContext>();
        await db.Database.OpenConnectionAsync();
        _connection = db.Database.GetDbConnection();
        _insert = _sql.CreateInsert(_connection);
        _find = _sql.CreateFind(_connection);
    }

    private async Task CloseAsync()
    {
        if (_insert is not null) await _insert.DisposeAsync();
        if (_find is not null) await _find.DisposeAsync();
        if (_findMoved is not null) await _findMoved.DisposeAsync();
        if (_unland is not null) await _unland.DisposeAsync();
        _insert = _find = _findMoved = _unland = null;
        if (_app is not null) await _app.DisposeAsync();
        _app = null;
        if (landing.Enabled && _connection is not null) await _connection.DisposeAsync(); // the landing's own; EF's closes with its scope
        _connection = null;
        if (_scope is { } scope) await scope.DisposeAsync(); // disposes the context, which closes the connection it opened
        _scope = null;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The inbox refused a batch of {Count} SMS; writing them one by one")]
    private partial void LogBatchRefused(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "An inbound SMS on {Channel} could not be stored; its sender gets an error and may retry")]
    private partial void LogRowRefused(Exception ex, string channel);
}

/// <summary>The two engines' spelling of "insert unless the (channel, message id) is stored" and "the id stored for it".</summary>
internal sealed class InboxSql
{
    private const string Columns = "Id, Channel, ExternalId, [From], [To], Text, ProtectedText, ReceivedAt, StoredAt, Status";
    private const string Values = "@id, @channel, @externalId, @from, @to, @text, @protectedText, @receivedAt, @storedAt, @status";

    /// <summary>The application's database on SQLite: only its look-up is used (what the mover stored already).</summary>
    public static readonly InboxSql Sqlite = new(
        $"INSERT INTO InboundSms ({Columns.Replace('[', '"').Replace(']', '"')}) VALUES ({Values}) ON CONFLICT (Channel, ExternalId) DO NOTHING;",
        "SELECT Id FROM InboundSms WHERE Channel = @channel AND ExternalId = @externalId;",
        sqlite: true);

    /// <summary>The landing file (SQLite): the same columns in <see cref="LandingFile.Table"/>.</summary>
    public static readonly InboxSql Landing = new(
        $"INSERT INTO {LandingFile.Table} ({Columns.Replace('[', '"').Replace(']', '"')}) VALUES ({Values}) ON CONFLICT (Channel, ExternalId) DO NOTHING;",
        $"SELECT Id FROM {LandingFile.Table} WHERE Channel = @channel AND ExternalId = @externalId;",
        sqlite: true);

    // UPDLOCK + HOLDLOCK: a key-range lock, so two transactions cannot both see the key free
    public static readonly InboxSql SqlServer = new(
        $"INSERT INTO [InboundSms] ({Columns}) SELECT {Values} WHERE NOT EXISTS (SELECT 1 FROM [InboundSms] WITH (UPDLOCK, HOLDLOCK) " +
        "WHERE [Channel] = @channel AND [ExternalId] = @externalId);",
        "SELECT [Id] FROM [InboundSms] WHERE [Channel] = @channel AND [ExternalId] = @externalId;",
        sqlite: false);

    private readonly string _insert;
    private readonly string _find;
    private readonly bool _sqlite;

    private InboxSql(string insert, string find, bool sqlite)
    {
        _insert = insert;
        _find = find;
        _sqlite = sqlite;
    }

    public DbCommand CreateInsert(DbConnection connection) =>
        Create(connection, _insert, "@id", "@channel", "@externalId", "@from", "@to", "@text", "@protectedText", "@receivedAt", "@storedAt", "@status");

    public DbCommand CreateFind(DbConnection connection) => Create(connection, _find, "@channel", "@externalId");

    /// <summary>Takes a row just landed back out (its SMS was moved to the application's database already: a repeat).</summary>
    public DbCommand CreateUnland(DbConnection connection) => Create(connection, $"DELETE FROM {LandingFile.Table} WHERE Id = @id;", "@id");

    /// <summary>The values as EF Core stores them: on SQLite a Guid as upper-case text and a time as UTC ticks (UtcTicksConverter).</summary>
    public void Bind(DbCommand insert, InboundSms sms)
    {
        var p = insert.Parameters;
        p["@id"].Value = _sqlite ? sms.Id.ToString().ToUpperInvariant() : sms.Id;
        p["@channel"].Value = sms.Channel;
        p["@externalId"].Value = sms.ExternalId;
        p["@from"].Value = sms.From;
        p["@to"].Value = sms.To;
        p["@text"].Value = sms.Text;
        p["@protectedText"].Value = (object?)sms.ProtectedText ?? DBNull.Value;
        p["@receivedAt"].Value = _sqlite ? sms.ReceivedAt.UtcTicks : sms.ReceivedAt;
        p["@storedAt"].Value = _sqlite ? sms.StoredAt.UtcTicks : sms.StoredAt;
        p["@status"].Value = (int)sms.Status;
    }

    private DbCommand Create(DbConnection connection, string sql, params string[] names)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in names)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = DBNull.Value;
            if (!_sqlite && name is "@channel" or "@externalId" or "@from" or "@to" or "@text" or "@protectedText")
            {
                parameter.DbType = DbType.String; // the columns' own sizes, so the unique index on (Channel, ExternalId) is used
                parameter.Size = name switch
                {
                    "@channel" => 32,
                    "@externalId" => InboundSms.MaxIdLength,
                    "@from" or "@to" => InboundSms.MaxAddressLength,
                    _ => -1,
                };
            }
            command.Parameters.Add(parameter);
        }
        if (_sqlite) command.Prepare(); // compiled once per connection, reused for every row
        return command;
    }
}
