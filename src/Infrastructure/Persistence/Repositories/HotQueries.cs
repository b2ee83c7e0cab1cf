using Microsoft.EntityFrameworkCore;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Persistence.Repositories;

/// <summary>The reads every SMS and every switch event makes, compiled once (docs/adr/0052-compiled-hot-queries.md). A LINQ query is looked
/// up in EF Core's query cache on each run: its expression tree is built, walked for parameters and hashed, which cost more CPU than
/// SQLite's own work for these one-row reads, under SQLite's one write lock. Each is the same query the repository ran before.</summary>
internal static class HotQueries
{
    public static readonly Func<AppDbContext, Guid, CancellationToken, Task<Callback?>> CallbackById =
        EF.CompileAsyncQuery((AppDbContext db, Guid id, CancellationToken ct) => db.Callbacks.FirstOrDefault(c => c.Id == id));

    public static readonly Func<AppDbContext, Guid, CancellationToken, Task<Account?>> AccountById =
        EF.CompileAsyncQuery((AppDbContext db, Guid id, CancellationToken ct) => db.Accounts.FirstOrDefault(a => a.Id == id));

    /// <summary>The IVR's language for a callback's prompts: one column, not the whole account tracked for a save that never changes it.</summary>
    public static readonly Func<AppDbContext, Guid, CancellationToken, Task<string?>> AccountLanguage =
        EF.CompileAsyncQuery((AppDbContext db, Guid id, CancellationToken ct) =>
            db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(a => (string?)a.Language).FirstOrDefault());

    public static readonly Func<AppDbContext, Guid, CancellationToken, Task<InboundSms?>> InboundSmsById =
        EF.CompileAsyncQuery((AppDbContext db, Guid id, CancellationToken ct) => db.InboundSms.FirstOrDefault(s => s.Id == id));

    public static readonly Func<AppDbContext, Guid, CancellationToken, Task<OutboundSms?>> OutboundSmsById =
        EF.CompileAsyncQuery((AppDbContext db, Guid id, CancellationToken ct) => db.OutboundSms.FirstOrDefault(s => s.Id == id));

    public static readonly Func<AppDbContext, string, CancellationToken, Task<RegisteredPhone?>> RegisteredPhoneByNumber =
        EF.CompileAsyncQuery((AppDbContext db, string e164, CancellationToken ct) => db.RegisteredPhones.FirstOrDefault(p => p.Number == e164));

    public static readonly Func<AppDbContext, string, string, CancellationToken, Task<AccessNumber?>> AccessNumberByKey =
        EF.CompileAsyncQuery((AppDbContext db, string channel, string numberKey, CancellationToken ct) =>
            db.AccessNumbers.FirstOrDefault(n => n.NumberKey == numberKey && n.Channel == channel));

    /// <summary>The callbacks counted in a scope's buckets from <c>first</c> on (docs/adr/0051-callback-rate-counts.md).</summary>
    public static readonly Func<AppDbContext, string, long, CancellationToken, Task<int>> CallbackCountSince =
        EF.CompileAsyncQuery((AppDbContext db, string scope, long first, CancellationToken ct) =>
            db.CallbackRateCounts.Where(c => c.Scope == scope && c.Bucket >= first).Sum(c => c.Count));
}
