using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.Watchdog;

/// <summary>What the watchdog reads besides the active callbacks.</summary>
public interface ICallbackWatchQueries
{
    /// <summary>Finished callbacks that still hold credit because a leg was never reported ended (a crash between the two legs' hang-ups,
    /// a lost event): reconciliation ends them. Untracked.</summary>
    Task<IReadOnlyList<Callback>> ListFinishedHoldingCreditAsync(int max, CancellationToken ct);

    /// <summary>Callbacks in <paramref name="states"/> with their legs, oldest first (the oldest reach their deadlines first, so a round
    /// capped at <paramref name="max"/> never skips them). Untracked.</summary>
    Task<IReadOnlyList<Callback>> ListOldestInStatesAsync(IReadOnlyCollection<CallbackState> states, int max, CancellationToken ct);
}
