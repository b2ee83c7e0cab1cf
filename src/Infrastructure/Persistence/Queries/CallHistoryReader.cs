using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using SmsCallback.Application.Calls;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Infrastructure.Persistence.Queries;

/// <summary>Call legs joined to their callback's account, projected without tracking, newest first (start, then id, so pages are stable).
/// The index on CallLegs (DialedAt, Id) serves the order and the date range.</summary>
internal sealed class CallHistoryReader(AppDbContext db) : ICallHistoryReader
{
    public async Task<(IReadOnlyList<CallHistoryRow> Page, int Total)> ListAsync(CallHistoryFilter filter, int skip, int take, CancellationToken ct)
    {
        var total = await Matching(filter).CountAsync(ct);
        var page = total <= skip ? [] : await Rows(filter).Skip(skip).Take(take).ToListAsync(ct);
        return (page, total);
    }

    public async IAsyncEnumerable<CallHistoryRow> StreamAsync(CallHistoryFilter filter, [EnumeratorCancellation] CancellationToken ct)
    {
        await foreach (var row in Rows(filter).AsAsyncEnumerable().WithCancellation(ct)) yield return row;
    }

    internal sealed class Match
    {
        public required CallLeg Leg { get; init; }
        public required Guid AccountId { get; init; }
    }

    internal IQueryable<Match> Matching(CallHistoryFilter filter)
    {
        var legs = db.CallLegs.AsNoTracking();
        if (filter.From is { } from) legs = legs.Where(l => l.DialedAt >= from);
        if (filter.To is { } to) legs = legs.Where(l => l.DialedAt < to);
        if (filter.ExactNumber is { } exact) legs = legs.Where(l => l.Number == exact);
        if (filter.NumberDigits is { } digits) legs = legs.Where(l => l.Number.Contains(digits));

        var callbacks = db.Callbacks.AsNoTracking().IgnoreAutoIncludes();
        if (filter.AccountId is { } accountId) callbacks = callbacks.Where(c => c.AccountId == accountId);
        return legs.Join(callbacks, l => l.CallbackId, c => c.Id, (l, c) => new Match { Leg = l, AccountId = c.AccountId });
    }

    // Newest first by start; the leg's id breaks ties, so pages never overlap. Ordered before the projection, which EF cannot look into.
    internal IQueryable<CallHistoryRow> Rows(CallHistoryFilter filter) =>
        from m in Matching(filter)
        join a in db.Accounts.AsNoTracking() on m.AccountId equals a.Id
        orderby m.Leg.DialedAt descending, m.Leg.Id descending
        select new CallHistoryRow(m.Leg.CallbackId, m.AccountId, a.Login, m.Leg.Kind, m.Leg.Number, m.Leg.DialedAt, m.Leg.AnsweredAt,
            m.Leg.EndedAt, m.Leg.BilledSeconds, m.Leg.RatePerMinute, m.Leg.Cost, a.Currency, m.Leg.HangupCause);
}
