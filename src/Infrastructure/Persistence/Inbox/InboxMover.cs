using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmsCallback.Infrastructure.Persistence.Inbox;

/// <summary>Moves the SMS landed in <see cref="LandingFile"/> into <c>InboundSms</c> of the application's database, in arrival order and
/// in batches (docs/adr/0055-inbox-landing-file.md):
/// <list type="number">
/// <item>one <c>INSERT … SELECT … ON CONFLICT DO NOTHING RETURNING Id</c> from the attached landing file, in one transaction that waits
/// first in line for SQLite's write lock (<see cref="SqliteWriteGate.EnterFirstAsync"/>) and commits with the inbox's
/// <c>synchronous</c> (Full: durable before the landed rows go);</item>
/// <item>then deletes those rows from the landing file;</item>
/// <item>then hands the new ids to processing, in the webhook request's trace when this process received them.</item>
/// </list>
/// A kill between the steps loses nothing: the landed rows are moved again, and the unique key makes that a no-op for the ones stored.
/// A batch the database refuses is moved one row at a time; a row refused alone stays landed, is logged, and is tried again every
/// <see cref="RetryRefusedAfter"/> (the inbox's health check counts it as waiting).</summary>
public sealed partial class InboxMover(LandingFile landing, Processing.InboundSmsQueue queue, SqliteWriteGate gate, ILogger<InboxMover> logger)
    : BackgroundService
{
    public const int MaxBatch = 512;
    public static readonly TimeSpan RetryRefusedAfter = TimeSpan.FromSeconds(5);
    private const string Columns = "Id, Channel, ExternalId, \"From\", \"To\", Text, ProtectedText, ReceivedAt, StoredAt, Status";

    private readonly ConcurrentDictionary<Guid, ActivityContext> _requests = new();
    private readonly List<TaskCompletionSource> _waiters = [];
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _moving = new(1, 1); // the start-up pass and the loop never overlap
    private SqliteConnection? _app;
    private SqliteConnection? _landing;
    private long _after; // rows up to this Seq were moved or refused; refused ones are retried from the start
    private readonly HashSet<long> _refused = [];
    private long _retryRefusedAt;

    /// <summary>The writer landed this SMS in the trace of <paramref name="request"/>: processing continues that trace.</summary>
    public void Landed(Guid id, Activity? request)
    {
        if (request is not null) _requests[id] = request.Context; // the context: the request has ended by the time its SMS is moved
    }

    /// <summary>The writer could not land this SMS after all: nothing to hand over.</summary>
    public void Forget(Guid id) => _requests.TryRemove(id, out _);

    /// <summary>Rows have landed: move them now rather than at the next timer tick.</summary>
    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Completes after a pass of the mover that began after this call (so every row landed before it was moved or refused), or
    /// after <paramref name="atMost"/>.</summary>
    public async Task MovedAsync(TimeSpan atMost, CancellationToken ct)
    {
        var moved = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waiters) _waiters.Add(moved);
        Wake();
        try
        {
            await moved.Task.WaitAsync(atMost, ct);
        }
        catch (TimeoutException)
        {
            // the mover is stuck (the database refuses): the caller reads what there is; the health check shows what waits
        }
    }

    private List<TaskCompletionSource> TakeWaiters()
    {
        lock (_waiters)
        {
            if (_waiters.Count == 0) return [];
            var taken = new List<TaskCompletionSource>(_waiters);
            _waiters.Clear();
            return taken;
        }
    }

    private static void Release(List<TaskCompletionSource> waiters)
    {
        foreach (var waiter in waiters) waiter.TrySetResult();
    }

    /// <summary>Moves what landed before this process started (a kill, a stop with requests in flight), before the host serves.</summary>
    public async Task MoveAllAsync(CancellationToken ct)
    {
        if (!landing.Enabled) return;
        while (await MoveBatchAsync(ct) > 0) { }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!landing.Enabled) return;
        await Task.Yield();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var waiters = TakeWaiters(); // before the pass: it moves every row landed before they asked
                try
                {
                    for (var listed = MaxBatch; listed > 0;)
                    {
                        listed = await MoveBatchAsync(stoppingToken);
                        if (listed < MaxBatch) Release(waiters); // it reached the last row landed: under a flood there is always more
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    LogMoveFailed(ex); // the rows stay landed; the next wake or tick tries again on a fresh connection
                    await CloseAsync();
                }
                finally
                {
                    Release(waiters); // moved, or refused: they read what there is
                }
                using var tick = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                tick.CancelAfter(TimeSpan.FromSeconds(1));
                try
                {
                    await _wake.Reader.WaitToReadAsync(tick.Token);
                    _wake.Reader.TryRead(out _);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            // what the writer lands while the host stops is moved at the next start
            await CloseAsync();
        }
    }

    /// <summary>Moves the next batch of landed rows; returns how many were listed (0: nothing left).</summary>
    private async Task<int> MoveBatchAsync(CancellationToken ct)
    {
        await _moving.WaitAsync(ct);
        try
        {
            var app = Connection();
            if (_refused.Count > 0 && Stopwatch.GetTimestamp() >= _retryRefusedAt)
            {
                _refused.Clear(); // their turn again, from the start
                _after = 0;
            }
            var rows = List(app);
            if (rows.Count == 0) return 0;
            var upTo = rows[^1].Seq;
            // with rows refused lately among them the range would take those too: one by one then (rare: a row the database refuses)
            var oneByOne = _refused.Count > 0;

            var moved = new List<Guid>(rows.Count);
            var refused = new List<long>();
            await gate.EnterFirstAsync(ct); // first in line: processing batches end at their next command
            try
            {
                using var transaction = app.BeginTransaction();
                if (!oneByOne)
                {
                    try
                    {
                        using var insert = Insert(app, transaction, "Seq > @after AND Seq <= @upTo");
                        insert.Parameters.AddWithValue("@after", _after);
                        insert.Parameters.AddWithValue("@upTo", upTo);
                        Read(insert, moved);
                    }
                    catch (SqliteException ex)
                    {
                        // a statement that fails is undone alone; the transaction goes on with the rows one by one
                        LogBatchRefused(ex, rows.Count);
                        moved.Clear();
                        oneByOne = true;
                    }
                }
                if (oneByOne)
                {
                    using var one = Insert(app, transaction, "Seq = @seq");
                    var seq = one.Parameters.Add("@seq", SqliteType.Integer);
                    foreach (var row in rows)
                    {
                        seq.Value = row.Seq;
                        try
                        {
                            Read(one, moved);
                        }
                        catch (SqliteException ex)
                        {
                            LogRowRefused(ex, row.Seq);
                            refused.Add(row.Seq);
                        }
                    }
                }
                transaction.Commit();
            }
            finally
            {
                gate.Leave();
            }

            await UnlandAsync(rows, upTo, oneByOne ? refused : null);
            _after = upTo;
            if (refused.Count > 0)
            {
                _refused.UnionWith(refused);
                _retryRefusedAt = Stopwatch.GetTimestamp() + (long)(RetryRefusedAfter.TotalSeconds * Stopwatch.Frequency);
            }
            HandToProcessing(rows, moved);
            return rows.Count;
        }
        finally
        {
            _moving.Release();
        }
    }

    private static SqliteCommand Insert(SqliteConnection app, SqliteTransaction transaction, string where)
    {
        var insert = app.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = $"INSERT INTO InboundSms ({Columns}) SELECT {Columns} FROM landing.{LandingFile.Table} " +
            $"WHERE {where} ORDER BY Seq ON CONFLICT (Channel, ExternalId) DO NOTHING RETURNING Id;";
        return insert;
    }

    /// <summary>The next landed rows after <see cref="_after"/>, in arrival order, without the ones refused lately.</summary>
    private List<(long Seq, Guid Id)> List(SqliteConnection app)
    {
        using var list = app.CreateCommand();
        list.CommandText = $"SELECT Seq, Id FROM landing.{LandingFile.Table} WHERE Seq > @after ORDER BY Seq LIMIT {MaxBatch};";
        list.Parameters.AddWithValue("@after", _after);
        var rows = new List<(long, Guid)>();
        using var reader = list.ExecuteReader();
        while (reader.Read())
            if (!_refused.Contains(reader.GetInt64(0))) rows.Add((reader.GetInt64(0), Guid.Parse(reader.GetString(1))));
        return rows;
    }

    private static void Read(SqliteCommand command, List<Guid> ids)
    {
        using var reader = command.ExecuteReader();
        while (reader.Read()) ids.Add(Guid.Parse(reader.GetString(0)));
    }

    /// <summary>Deletes the moved rows (and repeats of rows stored already) from the landing file, after the commit that stored them;
    /// with <paramref name="refused"/> (moved one by one) only the listed rows not refused, else the whole range.</summary>
    private async Task UnlandAsync(List<(long Seq, Guid Id)> rows, long upTo, List<long>? refused)
    {
        await landing.WriteGate.WaitAsync();
        try
        {
            _landing ??= landing.Open();
            using var transaction = _landing.BeginTransaction();
            using var delete = _landing.CreateCommand();
            delete.Transaction = transaction;
            if (refused is null)
            {
                delete.CommandText = $"DELETE FROM {LandingFile.Table} WHERE Seq > @after AND Seq <= @upTo;";
                delete.Parameters.AddWithValue("@after", _after);
                delete.Parameters.AddWithValue("@upTo", upTo);
                delete.ExecuteNonQuery();
            }
            else
            {
                delete.CommandText = $"DELETE FROM {LandingFile.Table} WHERE Seq = @seq;";
                var seq = delete.Parameters.Add("@seq", SqliteType.Integer);
                foreach (var row in rows.Where(r => !refused.Contains(r.Seq)))
                {
                    seq.Value = row.Seq;
                    delete.ExecuteNonQuery();
                }
            }
            transaction.Commit();
        }
        finally
        {
            landing.WriteGate.Release();
        }
    }

    /// <summary>The stored ones to processing, each in its webhook request's trace; repeats found stored already are dropped.</summary>
    private void HandToProcessing(List<(long Seq, Guid Id)> rows, List<Guid> moved)
    {
        foreach (var id in moved) queue.Enqueue(id, _requests.TryRemove(id, out var request) ? request : default);
        foreach (var (_, id) in rows) _requests.TryRemove(id, out _);
    }

    private SqliteConnection Connection()
    {
        if (_app is not null) return _app;
        var app = new SqliteConnection(landing.AppConnectionString);
        app.Open();
        try
        {
            using var attach = app.CreateCommand();
            attach.CommandText = $"PRAGMA busy_timeout=10000; PRAGMA synchronous={landing.SynchronousLevel}; ATTACH DATABASE @path AS landing;";
            attach.Parameters.AddWithValue("@path", landing.Path);
            attach.ExecuteNonQuery();
        }
        catch
        {
            app.Dispose();
            throw;
        }
        return _app = app;
    }

    private async Task CloseAsync()
    {
        await _moving.WaitAsync();
        try
        {
            if (_app is not null) await _app.DisposeAsync();
            if (_landing is not null) await _landing.DisposeAsync();
            _app = _landing = null;
        }
        finally
        {
            _moving.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Moving {Count} landed SMS into the inbox was refused; moving them one by one")]
    private partial void LogBatchRefused(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The landed SMS #{Seq} could not be moved into the inbox; it stays landed and is tried again")]
    private partial void LogRowRefused(Exception ex, long seq);

    [LoggerMessage(Level = LogLevel.Error, Message = "Moving landed SMS into the inbox failed; they stay landed and are tried again")]
    private partial void LogMoveFailed(Exception ex);
}
