using Microsoft.EntityFrameworkCore;
using SmsCallback.Application.Callbacks.Watchdog;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Infrastructure.Persistence;

namespace SmsCallback.Infrastructure.Switching.Reconciliation;

internal sealed class CallbackWatchQueries(AppDbContext db) : ICallbackWatchQueries
{
    public async Task<IReadOnlyList<Callback>> ListFinishedHoldingCreditAsync(int max, CancellationToken ct) =>
        await db.Callbacks.AsNoTracking().AsSplitQuery()
            .Where(c => (c.State == CallbackState.Completed || c.State == CallbackState.Failed) && c.Reserved > 0m
                && c.Legs.Any(l => l.State != LegState.Ended))
            .OrderBy(c => c.UpdatedAt).Take(max).ToListAsync(ct);

    public async Task<IReadOnlyList<Callback>> ListOldestInStatesAsync(IReadOnlyCollection<CallbackState> states, int max, CancellationToken ct) =>
        await db.Callbacks.AsNoTracking().AsSplitQuery().Where(c => states.Contains(c.State)).OrderBy(c => c.CreatedAt).Take(max).ToListAsync(ct);
}
