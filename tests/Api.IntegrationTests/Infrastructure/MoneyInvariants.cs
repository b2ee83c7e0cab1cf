using Microsoft.EntityFrameworkCore;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Sms;
using SmsCallback.Infrastructure.Persistence;

namespace SmsCallback.Api.IntegrationTests.Infrastructure;

/// <summary>What must hold after anything — a faulty switch, a lost event connection, a killed process (docs/billing.md): read straight
/// from the service's database file, so it works for <see cref="SmsCallbackApp"/> and <see cref="ServiceProcess"/> alike. Call it once
/// the service is quiet (<see cref="SmsCallbackApp.WaitUntilQuietAsync"/>), or it may see a call still in progress.</summary>
public static class MoneyInvariants
{
    /// <summary>Asserts, for every account: its balance is the sum of its ledger; what it holds is what its unfinished callbacks hold
    /// (a finished callback holds nothing); every ended leg is rated, and its cost was charged exactly once (one ledger entry per charged
    /// leg, the charges summing to the legs' costs). For every SMS in <paramref name="acknowledged"/> (message ids the webhook answered
    /// 200 to): stored once, processed, with at most one callback and one reply.</summary>
    public static async Task AssertHoldAsync(string appDatabasePath, IReadOnlyCollection<string>? acknowledged = null, string channel = "generic")
    {
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={appDatabasePath}").Options;
        await using var db = new SqliteAppDbContext(options);
        var accounts = await db.Accounts.AsNoTracking().ToListAsync();
        var ledger = await db.LedgerEntries.AsNoTracking().ToListAsync();
        var callbacks = await db.Callbacks.AsNoTracking().ToListAsync();
        var problems = new List<string>();

        foreach (var account in accounts)
        {
            var entries = ledger.Where(e => e.AccountId == account.Id).ToList();
            if (account.Balance != entries.Sum(e => e.Amount))
                problems.Add($"{account.Login}: balance {account.Balance} but the ledger sums to {entries.Sum(e => e.Amount)}");
            var own = callbacks.Where(c => c.AccountId == account.Id).ToList();
            if (account.Reserved != own.Sum(c => c.Reserved))
                problems.Add($"{account.Login}: holds {account.Reserved} but its callbacks hold {own.Sum(c => c.Reserved)}");
            var legs = own.SelectMany(c => c.Legs).ToList();
            var charges = entries.Where(e => e.Reason == LedgerReason.CallCharge).ToList();
            if (-charges.Sum(e => e.Amount) != legs.Sum(l => l.Cost ?? 0))
                problems.Add($"{account.Login}: charged {-charges.Sum(e => e.Amount)} for legs costing {legs.Sum(l => l.Cost ?? 0)}");
            if (charges.Count != legs.Count(l => l.Cost > 0))
                problems.Add($"{account.Login}: {charges.Count} call charges for {legs.Count(l => l.Cost > 0)} charged legs");
        }
        foreach (var c in callbacks.Where(c => c.IsFinished))
        {
            if (c.Reserved != 0) problems.Add($"finished callback {c.Id} ({c.State}) still holds {c.Reserved}");
            if (c.UnratedEndedLegs().Count > 0) problems.Add($"finished callback {c.Id} has ended legs never rated");
        }

        if (acknowledged is not null)
        {
            var inbox = await db.InboundSms.AsNoTracking().Where(s => s.Channel == channel).ToListAsync();
            var replies = (await db.OutboundSms.AsNoTracking().Where(o => o.InboundSmsId != null).Select(o => o.InboundSmsId).ToListAsync())
                .GroupBy(id => id).ToDictionary(g => g.Key!.Value, g => g.Count());
            var perSms = callbacks.Where(c => c.InboundSmsId != null).GroupBy(c => c.InboundSmsId!.Value).ToDictionary(g => g.Key, g => g.Count());
            foreach (var id in acknowledged)
            {
                var stored = inbox.Where(s => s.ExternalId == id).ToList();
                if (stored.Count != 1) { problems.Add($"SMS {id} stored {stored.Count} times"); continue; }
                var sms = stored[0];
                if (sms.Status == InboundSmsStatus.Pending) problems.Add($"SMS {id} never processed");
                if (perSms.GetValueOrDefault(sms.Id) > 1) problems.Add($"SMS {id} led to {perSms[sms.Id]} callbacks");
                if (replies.GetValueOrDefault(sms.Id) > 1) problems.Add($"SMS {id} got {replies[sms.Id]} replies");
            }
        }
        Assert.True(problems.Count == 0, "Invariants broken:\n" + string.Join('\n', problems.Take(20)));
    }
}
