using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Sms;
using SmsCallback.Infrastructure.Persistence;
using SmsCallback.Infrastructure.Persistence.Repositories;

namespace SmsCallback.Infrastructure.IntegrationTests;

/// <summary>The persistence rules on a real engine: a SQLite file always, and SQL Server when <c>SMSCALLBACK_TEST_SQLSERVER</c>
/// holds a connection string (SQL Server cannot run on the development machines; a throw-away database is created and dropped).</summary>
public sealed class PersistenceTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task The_same_message_id_on_the_same_channel_is_refused_as_a_unique_key(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var NewContext = database.NewContext;
        await using (var db = NewContext())
        {
            db.InboundSms.Add(InboundSms.Receive("generic", "m-1", "+48600316058", "", "D.1", Now, Now));
            await UnitOfWorkOf(db).SaveChangesAsync(default);
        }
        await using (var db = NewContext())
        {
            db.InboundSms.Add(InboundSms.Receive("generic", "m-1", "+48600316058", "", "D.1", Now, Now));
            await Assert.ThrowsAsync<UniqueConstraintException>(() => UnitOfWorkOf(db).SaveChangesAsync(default));
            db.InboundSms.Add(InboundSms.Receive("twilio", "m-1", "+48600316058", "", "D.1", Now, Now));
            await UnitOfWorkOf(db).SaveChangesAsync(default); // another channel may reuse the id
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task Only_one_reply_and_one_callback_per_inbound_sms(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var NewContext = database.NewContext;
        Guid smsId, accountId;
        await using (var db = NewContext())
        {
            var sms = InboundSms.Receive("generic", "m-2", "+48600316058", "", "D.1", Now, Now);
            var account = Account.Create("one-" + Guid.NewGuid().ToString("N")[..8], "hash", AccountRole.Client, Now);
            db.AddRange(sms, account);
            db.OutboundSms.Add(OutboundSms.Create(OutboundSmsKind.Reply, "generic", "+48600316058", null, "first", sms.Id, Now));
            db.Callbacks.Add(Callback.Request(account.Id, "+48600316058", "+48774417880", CallbackOrigin.Sms, sms.Id, Now));
            await UnitOfWorkOf(db).SaveChangesAsync(default);
            (smsId, accountId) = (sms.Id, account.Id);
        }
        await using (var db = NewContext())
        {
            db.OutboundSms.Add(OutboundSms.Create(OutboundSmsKind.Reply, "generic", "+48600316058", null, "second", smsId, Now));
            await Assert.ThrowsAsync<UniqueConstraintException>(() => UnitOfWorkOf(db).SaveChangesAsync(default));
            db.Callbacks.Add(Callback.Request(accountId, "+48600316058", "+48774417880", CallbackOrigin.Sms, smsId, Now));
            await Assert.ThrowsAsync<UniqueConstraintException>(() => UnitOfWorkOf(db).SaveChangesAsync(default));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task Two_workers_claiming_the_same_outbox_sms_cannot_both_send_it(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var NewContext = database.NewContext;
        Guid id;
        await using (var db = NewContext())
        {
            var sms = OutboundSms.Create(OutboundSmsKind.Notice, "generic", "+48600316058", null, "hello", null, Now);
            db.OutboundSms.Add(sms);
            await db.SaveChangesAsync();
            id = sms.Id;
        }
        await using var first = NewContext();
        await using var second = NewContext();
        var a = await new OutboundSmsRepository(first).GetAsync(id, default);
        var b = await new OutboundSmsRepository(second).GetAsync(id, default);
        a!.StartSending();
        b!.StartSending();

        await UnitOfWorkOf(first).SaveChangesAsync(default);
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => UnitOfWorkOf(second).SaveChangesAsync(default));
    }

    /// <summary>A consumer's save that loses a race on another row runs again (<c>IRetryOnConflict</c>); that retry still deletes the event
    /// it consumes. It once did not: the event waited for the sweep with its work done, and its consumer ran a second time.</summary>
    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task A_consumer_that_loses_a_race_on_another_row_still_consumes_its_event_when_it_runs_again(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var NewContext = database.NewContext;
        var sms = OutboundSms.Create(OutboundSmsKind.Notice, "generic", "+48600316058", null, "hello", null, Now);
        var message = SmsCallback.Infrastructure.Persistence.Outbox.OutboxMessage.For(new CallbackRequested(Guid.NewGuid()), Now);
        await using (var db = NewContext())
        {
            db.AddRange(sms, message);
            await db.SaveChangesAsync();
        }
        await using var consumer = NewContext();
        await using var other = NewContext();
        var consumption = new OutboxConsumption();
        var unitOfWork = UnitOfWorkOf(consumer, consumption);
        var mine = await new OutboundSmsRepository(consumer).GetAsync(sms.Id, default);
        var theirs = await new OutboundSmsRepository(other).GetAsync(sms.Id, default);
        theirs!.StartSending();
        await UnitOfWorkOf(other).SaveChangesAsync(default); // the other writer wins the row

        consumption.MessageIds = [message.Id];
        mine!.StartSending();
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => unitOfWork.SaveChangesAsync(default));
        Assert.Equal(1, await CountOutboxAsync(database, message.Id)); // nothing of the lost attempt was kept

        // The retry reads the row again, finds it sending already, changes nothing, and saves: the event is consumed.
        Assert.Equal(OutboundSmsStatus.Sending, (await new OutboundSmsRepository(consumer).GetAsync(sms.Id, default))!.Status);
        await unitOfWork.SaveChangesAsync(default);
        Assert.Equal(0, await CountOutboxAsync(database, message.Id));
    }

    /// <summary>The other side of the retry: the event was consumed by another worker meanwhile, so the retry does not try to delete it
    /// again (that would lose every retry).</summary>
    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task A_consumer_whose_event_another_worker_consumed_saves_its_retry_without_it(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var NewContext = database.NewContext;
        var message = SmsCallback.Infrastructure.Persistence.Outbox.OutboxMessage.For(new CallbackRequested(Guid.NewGuid()), Now);
        await using (var db = NewContext())
        {
            db.Add(message);
            await db.SaveChangesAsync();
        }
        await using var consumer = NewContext();
        var consumption = new OutboxConsumption { MessageIds = [message.Id] };
        var unitOfWork = UnitOfWorkOf(consumer, consumption);
        await using (var other = NewContext())
        {
            await other.OutboxMessages.Where(m => m.Id == message.Id).ExecuteDeleteAsync();
        }
        await Assert.ThrowsAsync<ConcurrencyConflictException>(() => unitOfWork.SaveChangesAsync(default));
        consumer.Add(OutboundSms.Create(OutboundSmsKind.Notice, "generic", "+48600316058", null, "the retry's change", null, Now));
        await unitOfWork.SaveChangesAsync(default);
        await using var check = NewContext();
        Assert.Equal(1, await check.OutboundSms.CountAsync());
    }

    /// <summary>The IVR settings are read at every switch event: once a second per instance, and a change saved through this instance
    /// applies from its commit.</summary>
    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task The_ivr_settings_are_read_once_for_many_calls_and_a_change_applies_from_its_commit(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var copy = new RefreshedCopy<Domain.Ivr.IvrSettings>();
        var executed = new List<string>();
        await using (var db = database.NewContext(executed.Add))
        {
            var settings = new IvrSettingsRepository(db, copy, UnitOfWorkOf(db));
            for (var i = 0; i < 50; i++) Assert.True((await settings.GetAsync(default)).Enabled);
            Assert.Single(executed, e => e.Contains("FROM \"IvrSettings\"", StringComparison.Ordinal)
                                         || e.Contains("FROM [IvrSettings]", StringComparison.Ordinal));
        }
        await using (var db = database.NewContext())
        {
            var unitOfWork = UnitOfWorkOf(db);
            var current = await new IvrSettingsRepository(db, copy, unitOfWork).GetForUpdateAsync(default);
            current.Update(enabled: false, current.EndLegCode, current.BalanceCode, current.DigitTimeoutMs, current.MaxAttempts, current.AnnounceMaxTime,
                current.Language);
            await unitOfWork.SaveChangesAsync(default);
        }
        await using (var db = database.NewContext())
        {
            Assert.False((await new IvrSettingsRepository(db, copy, UnitOfWorkOf(db)).GetAsync(default)).Enabled); // at once, not a second later
        }
    }

    /// <summary>An account's concurrent-callback limit is checked at every admission: the count of its callbacks in progress seeks them in
    /// an index instead of reading every callback the account ever made (a busy account has hundreds of thousands).</summary>
    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task An_accounts_callbacks_in_progress_are_counted_from_an_index_whatever_its_history(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var account = Account.Create("busy-" + Guid.NewGuid().ToString("N")[..8], "hash", AccountRole.Client, Now);
        var other = Account.Create("other-" + Guid.NewGuid().ToString("N")[..8], "hash", AccountRole.Client, Now);
        Callback NewCallback(Account owner) => Callback.Request(owner.Id, "+48600316058", "+48774417880", CallbackOrigin.Web, null, Now);
        var history = Enumerable.Range(0, 30).Select(_ => NewCallback(account)).ToList();
        history.ForEach(c => c.Fail(FailureReason.SourceNoAnswer, Now));
        var requested = NewCallback(account);
        var dialing = NewCallback(account);
        dialing.Dispatched(Now);
        await using (var db = database.NewContext())
        {
            db.AddRange(account, other, requested, dialing, NewCallback(other));
            db.AddRange(history);
            await db.SaveChangesAsync();
        }
        var executed = new List<string>();
        await using (var db = database.NewContext(executed.Add))
        {
            var callbacks = new CallbackRepository(db);
            Assert.Equal(2, await callbacks.CountActiveByAccountAsync(account.Id, Guid.NewGuid(), default));
            Assert.Equal(1, await callbacks.CountActiveByAccountAsync(account.Id, dialing.Id, default)); // the one being admitted is not counted
        }
        if (engine != "sqlite") return;

        var plan = await QueryPlanAsync(database, executed.First(e => e.Contains("COUNT(*)", StringComparison.Ordinal)));
        // a seek per state in progress, not a walk over all the account's entries ("(AccountId=?)")
        Assert.Contains(plan, step => step.Contains("IX_Callbacks_AccountId_State (AccountId=? AND State=?)", StringComparison.Ordinal));
    }

    /// <summary>The ceiling on replies to unknown senders is checked for each SMS from a number nobody registered, so a flood of forged
    /// senders runs it thousands of times: it reads the replies of that kind in the window, not every SMS the service sent.</summary>
    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task The_ceiling_on_replies_to_unknown_senders_counts_from_an_index_of_that_kind(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        await using (var db = database.NewContext())
        {
            for (var i = 0; i < 20; i++)
                db.OutboundSms.Add(OutboundSms.Create(OutboundSmsKind.Reply, "generic", $"+4860031{i:0000}", "+4822", "ok", null, Now));
            db.OutboundSms.Add(OutboundSms.Create(OutboundSmsKind.UnknownSenderReply, "generic", "+48600999001", "+4822", "who?", null, Now));
            db.OutboundSms.Add(OutboundSms.Create(OutboundSmsKind.UnknownSenderReply, "generic", "+48600999002", "+4833", "who?", null, Now));
            db.OutboundSms.Add(OutboundSms.Create(OutboundSmsKind.UnknownSenderReply, "generic", "+48600999003", "+4822", "who?", null, Now.AddHours(-2)));
            await db.SaveChangesAsync();
        }
        var executed = new List<string>();
        await using (var db = database.NewContext(executed.Add))
        {
            var outbox = new OutboundSmsRepository(db);
            Assert.Equal(2, await outbox.CountSinceAsync(OutboundSmsKind.UnknownSenderReply, Now.AddHours(-1), null, default));
            Assert.Equal(1, await outbox.CountSinceAsync(OutboundSmsKind.UnknownSenderReply, Now.AddHours(-1), "+4822", default));
        }
        if (engine != "sqlite") return;

        foreach (var sql in executed.Where(e => e.Contains("COUNT(*)", StringComparison.Ordinal)))
            Assert.Contains(await QueryPlanAsync(database, sql),
                step => step.Contains("IX_OutboundSms_Kind_CreatedAt (Kind=? AND CreatedAt>?)", StringComparison.Ordinal));
    }

    /// <summary>SQLite's plan for a command the context logged (its parameters unbound: the plan does not depend on their values).</summary>
    internal static async Task<List<string>> QueryPlanAsync(TestDatabase database, string logged)
    {
        var sql = logged[logged.IndexOf("SELECT", StringComparison.Ordinal)..]; // the log's header lines first, then the command
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var explain = connection.CreateCommand();
        explain.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var name in System.Text.RegularExpressions.Regex.Matches(sql, "@[A-Za-z_0-9]+").Select(m => m.Value).Distinct())
            explain.Parameters.AddWithValue(name, DBNull.Value);
        var plan = new List<string>();
        await using var reader = await explain.ExecuteReaderAsync();
        while (await reader.ReadAsync()) plan.Add(reader.GetString(3));
        return plan;
    }

    private static async Task<int> CountOutboxAsync(TestDatabase database, Guid id)
    {
        await using var db = database.NewContext();
        return await db.OutboxMessages.CountAsync(m => m.Id == id);
    }

    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task A_callback_keeps_its_legs_and_lists_newest_first(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var NewContext = database.NewContext;
        var account = Account.Create("legs-" + Guid.NewGuid().ToString("N")[..8], "hash", AccountRole.Client, Now);
        var older = Callback.Request(account.Id, "+48600316058", "+48774417880", CallbackOrigin.Sms, null, Now);
        var newer = Callback.Request(account.Id, "+48600316058", "+48774417881", CallbackOrigin.Web, null, Now.AddSeconds(1));
        await using (var db = NewContext())
        {
            db.AddRange(account, older, newer);
            await db.SaveChangesAsync();
        }
        await using (var db = NewContext())
        {
            var callback = await new CallbackRepository(db).GetAsync(older.Id, default);
            callback!.Dispatched(Now);
            callback.LegDialing(LegKind.A, "+48600316058", "sim-1", Now);
            callback.LegAnswered(LegKind.A, Now.AddSeconds(3));
            callback.LegDialing(LegKind.B, "+48774417880", "sim-2", Now.AddSeconds(3));
            await UnitOfWorkOf(db).SaveChangesAsync(default);
        }
        await using (var db = NewContext())
        {
            var list = await new CallbackRepository(db).ListNewestAsync(null, 0, 10, default);
            Assert.Equal([newer.Id, older.Id], list.Where(c => c.AccountId == account.Id).Select(c => c.Id));
            var stored = list.Single(c => c.Id == older.Id);
            Assert.Equal(CallbackState.DialingDestination, stored.State);
            Assert.Equal(Now.AddSeconds(3), stored.Leg(LegKind.A)!.AnsweredAt);
            Assert.Equal("+48774417880", stored.Leg(LegKind.B)!.Number);
            var active = await new CallbackRepository(db).ListNewestAsync([CallbackState.DialingDestination], 0, 10, default);
            Assert.Contains(active, c => c.Id == older.Id);
            Assert.DoesNotContain(active, c => c.Id == newer.Id);
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task A_prefix_blocked_or_unblocked_through_this_instance_applies_from_its_commit_and_another_instances_change_within_a_second(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var set = new BlockedPrefixSet();
        await using (var db = database.NewContext())
        {
            var unitOfWork = UnitOfWorkOf(db);
            var blocked = new BlockedPrefixRepository(db, set, unitOfWork);
            Assert.False(await blocked.AnyPrefixOfAsync("+4799912345", default)); // read and kept
            blocked.Add(Domain.Billing.BlockedPrefix.Create("47999", "a test range"));
            await unitOfWork.SaveChangesAsync(default);
            Assert.True(await blocked.AnyPrefixOfAsync("+4799912345", default)); // at once, not after the refresh interval
            Assert.False(await blocked.AnyPrefixOfAsync("+48600316058", default));
        }
        await using (var other = database.NewContext()) // another instance unblocks it: this one's copy is at most a second old
        {
            await other.BlockedPrefixes.Where(p => p.Prefix == "47999").ExecuteDeleteAsync();
        }
        await Task.Delay(BlockedPrefixSet.RefreshInterval + TimeSpan.FromMilliseconds(100));
        await using (var db = database.NewContext())
        {
            Assert.False(await new BlockedPrefixRepository(db, set, UnitOfWorkOf(db)).AnyPrefixOfAsync("+4799912345", default));
        }
    }

    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task A_save_finds_every_change_made_before_it_and_an_effect_after_it_saves_its_own_change(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var account = Account.Create("scan-" + Guid.NewGuid().ToString("N")[..8], "hash-1", AccountRole.Client, Now);
        await using (var db = database.NewContext())
        {
            db.Accounts.Add(account);
            await UnitOfWorkOf(db).SaveChangesAsync(default);
        }
        Guid callbackId;
        await using (var db = database.NewContext())
        {
            var unitOfWork = UnitOfWorkOf(db);
            var tracked = await db.Accounts.SingleAsync(a => a.Id == account.Id);
            tracked.ChangePasswordHash("hash-2"); // a change to a tracked row: only a scan for changes finds it
            var callback = Callback.Request(account.Id, "+48600316058", "+48774417880", CallbackOrigin.Web, null, Now); // raises CallbackRequested
            db.Callbacks.Add(callback);
            callbackId = callback.Id;
            unitOfWork.OnCommitted(async ct =>
            {
                tracked.ChangeLanguage("pl"); // after the commit an effect changes the row again and saves it itself
                await unitOfWork.SaveChangesAsync(ct);
            });
            await unitOfWork.SaveChangesAsync(default);
            Assert.True(db.ChangeTracker.AutoDetectChangesEnabled); // one scan per save, then EF Core's own detection again
        }
        await using (var check = database.NewContext())
        {
            var stored = await check.Accounts.AsNoTracking().SingleAsync(a => a.Id == account.Id);
            Assert.Equal(("hash-2", "pl"), (stored.PasswordHash, stored.Language));
            Assert.True(await check.Callbacks.AnyAsync(c => c.Id == callbackId));
            Assert.Equal(1, await check.OutboxMessages.CountAsync()); // the callback's event, recorded in the same save
        }
    }

    private static UnitOfWork UnitOfWorkOf(AppDbContext db, OutboxConsumption? consumption = null) => new(db, consumption ?? new OutboxConsumption(),
        new SmsCallback.Infrastructure.Processing.OutboxQueue(), new SqliteWriteGate(), TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger<UnitOfWork>.Instance);
}

/// <summary>A migrated, empty database on one engine, removed afterwards.</summary>
internal sealed class TestDatabase : IAsyncDisposable
{
    public static string? SqlServerConnectionString => SmsCallback.Tests.SqlServerEngineAttribute.ConnectionString;

    private readonly string _engine;
    private readonly string _connectionString;

    public string ConnectionString => _connectionString;

    private TestDatabase(string engine, string connectionString) { _engine = engine; _connectionString = connectionString; }

    public static async Task<TestDatabase> CreateAsync(string engine)
    {
        var database = engine == "sqlserver"
            ? new TestDatabase(engine, new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(SqlServerConnectionString)
            { InitialCatalog = $"SmsCallbackTest_{Guid.NewGuid():N}" }.ConnectionString)
            : new TestDatabase(engine, $"Data Source={Path.Combine(Path.GetTempPath(), $"smscallback-infra-{Guid.NewGuid():N}.db")}");
        await using var db = database.NewContext();
        await db.Database.MigrateAsync();
        return database;
    }

    /// <param name="executed">receives the text of each command the context executes.</param>
    public AppDbContext NewContext(Action<string>? executed = null) => _engine == "sqlserver"
        ? new SqlServerAppDbContext(Logged(new DbContextOptionsBuilder<SqlServerAppDbContext>().UseSqlServer(_connectionString), executed).Options)
        : new SqliteAppDbContext(Logged(new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite(_connectionString), executed).Options);

    private static DbContextOptionsBuilder<T> Logged<T>(DbContextOptionsBuilder<T> options, Action<string>? executed) where T : DbContext =>
        executed is null ? options : options.LogTo(executed, [Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.CommandExecuted]);

    public async ValueTask DisposeAsync()
    {
        await using var db = NewContext();
        await db.Database.EnsureDeletedAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }
}

public sealed class MigrationTests
{
    [Fact]
    public void Both_engines_have_migrations_for_the_current_model()
    {
        using var sqlite = new SqliteDesignTimeFactory().CreateDbContext([]);
        using var sqlServer = new SqlServerDesignTimeFactory().CreateDbContext([]);

        Assert.False(sqlite.Database.HasPendingModelChanges(), "SQLite: run dotnet ef migrations add … --context SqliteAppDbContext");
        Assert.False(sqlServer.Database.HasPendingModelChanges(), "SQL Server: run dotnet ef migrations add … --context SqlServerAppDbContext");
        Assert.Equal(sqlite.Database.GetMigrations().Count(), sqlServer.Database.GetMigrations().Count());
    }

    [Fact]
    public void Every_relationship_is_configured_on_purpose_and_no_domain_property_becomes_a_hidden_one()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);

        // A public IEnumerable<T> on an aggregate (a computed list) is taken by EF for a second navigation with a shadow key column.
        var shadowKeys = db.Model.GetEntityTypes().SelectMany(t => t.GetProperties())
            .Where(p => p.IsShadowProperty() && p.IsForeignKey()).Select(p => $"{p.DeclaringType.ShortName()}.{p.Name}");
        Assert.Empty(shadowKeys);
        var callLegRelationships = db.Model.FindEntityType(typeof(Domain.Callbacks.CallLeg))!.GetForeignKeys();
        Assert.Single(callLegRelationships);
    }

    [Fact]
    public void The_sql_server_script_is_idempotent_and_creates_every_table()
    {
        using var db = new SqlServerDesignTimeFactory().CreateDbContext([]);
        var script = db.GetService<IMigrator>().GenerateScript(options: MigrationsSqlGenerationOptions.Idempotent);

        Assert.Contains("IF NOT EXISTS", script);
        foreach (var table in new[] { "Accounts", "RegisteredPhones", "InboundSms", "OutboundSms", "Callbacks", "CallLegs" })
            Assert.Contains($"CREATE TABLE [{table}]", script);
    }

}
