using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Infrastructure.Persistence.Repositories;

namespace SmsCallback.Infrastructure.IntegrationTests;

/// <summary>The per-sender and per-account callback counts kept by a trigger on <c>Callbacks</c> in 10-second buckets
/// (docs/adr/0051-callback-rate-counts.md), on each engine: they match the callbacks stored in the window, whatever path stored them and
/// however many, and a count reads one row per bucket, not one per callback.</summary>
public sealed class CallbackRateCountTests
{
    private const string Sender = "+48600316058";
    private const string OtherSender = "+48600316059";

    /// <summary>On a bucket's edge: the window [09:00, 10:00] starts a bucket.</summary>
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);

    private static Callback Sms(Account owner, string sender, DateTimeOffset at) =>
        Callback.Request(owner.Id, sender, "+48774417880", CallbackOrigin.Sms, null, at, requestedBy: sender);

    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task The_counts_are_the_callbacks_of_each_sender_and_account_in_the_window_read_from_one_row_per_bucket(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var account = Account.Create("rate-" + Guid.NewGuid().ToString("N")[..8], "hash", AccountRole.Client, Now);
        var other = Account.Create("other-" + Guid.NewGuid().ToString("N")[..8], "hash", AccountRole.Client, Now);
        await using (var db = database.NewContext())
        {
            db.AddRange(account, other);
            // one save of many rows (one statement for several on each engine), then saves of one row each
            db.AddRange(Enumerable.Range(0, 200).Select(i => Sms(account, Sender, Now.AddMinutes(-30).AddMilliseconds(i))));
            db.AddRange(Enumerable.Range(0, 3).Select(_ => Sms(account, Sender, Now.AddHours(-2)))); // before the window
            db.Add(Sms(account, Sender, Now.AddHours(-1).AddSeconds(-1))); // one second before it, in the bucket before the window's first
            await db.SaveChangesAsync();
            db.Add(Sms(account, OtherSender, Now.AddMinutes(-5)));
            await db.SaveChangesAsync();
            db.Add(Callback.Request(account.Id, Sender, "+48774417880", CallbackOrigin.Web, null, Now)); // no requester: the account's only
            await db.SaveChangesAsync();
            db.Add(Sms(other, Sender, Now.AddSeconds(-9))); // the same phone on another account
            await db.SaveChangesAsync();
        }

        var executed = new List<string>();
        await using (var db = database.NewContext(executed.Add))
        {
            var callbacks = new CallbackRepository(db);
            var since = Now.AddHours(-1);
            Assert.Equal(202, await callbacks.CountByAccountSinceAsync(account.Id, since, default));
            Assert.Equal(1, await callbacks.CountByAccountSinceAsync(other.Id, since, default));
            Assert.Equal(201, await callbacks.CountByRequesterSinceAsync(Sender, since, default));
            Assert.Equal(1, await callbacks.CountByRequesterSinceAsync(OtherSender, since, default));
            Assert.Equal(206, await callbacks.CountByAccountSinceAsync(account.Id, Now.AddHours(-3), default));
            Assert.Equal(0, await callbacks.CountByRequesterSinceAsync("+48111222333", since, default));

            // 200 callbacks within 200 ms are one row: reading a count costs the buckets of the window, not the callbacks in it
            var busiest = Persistence.RateCounts.CallbackRateCount.RequesterScope(Sender);
            Assert.Equal(4, await db.CallbackRateCounts.CountAsync(c => c.Scope == busiest)); // -2 h, -1 h -1 s, -30 min, other account at -9 s
        }
        if (engine != "sqlite") return;

        var plan = await PersistenceTests.QueryPlanAsync(database, executed.First(e => e.Contains("SUM(", StringComparison.Ordinal)));
        Assert.Contains(plan, step => step.Contains("(Scope=? AND Bucket>?)", StringComparison.Ordinal));
    }

    /// <summary>A database upgraded to this version gets the counts of the callbacks it already holds: a sender at the limit before the
    /// upgrade stays there after it.</summary>
    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task An_upgraded_database_counts_the_callbacks_stored_before_the_upgrade(string engine)
    {
        await using var database = await TestDatabase.CreateAsync(engine);
        var now = DateTimeOffset.UtcNow; // the upgrade fills in the last 7 days of the database server's clock
        var account = Account.Create("upgraded-" + Guid.NewGuid().ToString("N")[..8], "hash", AccountRole.Client, now);
        await using (var db = database.NewContext())
        {
            var migrator = db.GetService<IMigrator>();
            var before = db.Database.GetMigrations().SkipWhile(m => !m.EndsWith("_CallbackRateCounts", StringComparison.Ordinal)).First();
            var previous = db.Database.GetMigrations().TakeWhile(m => m != before).Last();
            await migrator.MigrateAsync(previous); // the version before the counts: no trigger, no table
            db.AddRange(account);
            db.AddRange(Enumerable.Range(0, 5).Select(i => Sms(account, Sender, now.AddMinutes(-10 - i))));
            db.Add(Sms(account, Sender, now.AddDays(-8))); // older than any window
            await db.SaveChangesAsync();
            await migrator.MigrateAsync(); // the upgrade
        }

        await using (var db = database.NewContext())
        {
            var callbacks = new CallbackRepository(db);
            Assert.Equal(5, await callbacks.CountByRequesterSinceAsync(Sender, now.AddHours(-1), default));
            Assert.Equal(5, await callbacks.CountByAccountSinceAsync(account.Id, now.AddDays(-7), default));
            db.Add(Sms(account, Sender, now)); // and the trigger counts from there
            await db.SaveChangesAsync();
            Assert.Equal(6, await callbacks.CountByRequesterSinceAsync(Sender, now.AddHours(-1), default));
        }
    }

    /// <summary>The counts cover 7 days (the upgrade's fill-in) in 10-second buckets: a window outside 1 minute to 7 days is refused at start,
    /// with the setting named, rather than counted wrongly.</summary>
    [Theory]
    [InlineData("00:00:30")]
    [InlineData("7.00:00:01")]
    [InlineData("-01:00:00")]
    public void A_callback_window_the_counts_cannot_cover_stops_the_service_with_the_setting_named(string window)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["AntiAbuse:CallbackRateWindow"] = window }).Build();
        using var services = new ServiceCollection().AddLogging().AddInfrastructure(configuration).BuildServiceProvider();

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<AntiAbuseOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("CallbackRateWindow", StringComparison.Ordinal));
    }
}
