namespace SmsCallback.Application.Callbacks.Watchdog;

/// <summary>The calls a switch has up right now: their ids as its events carry them (ARI channel ids, the simulator's call ids) and the
/// callbacks they belong to. For reconciliation.</summary>
public sealed record LiveCalls(IReadOnlySet<string> CallIds, IReadOnlySet<Guid> CallbackIds);

/// <summary>Lists the switch's live calls. Not registered for a switch that cannot list its calls (VoipSwitch's trigger).</summary>
public interface ISwitchCallList
{
    /// <exception cref="Common.Interfaces.SwitchUnavailableException">the switch could not be asked.</exception>
    Task<LiveCalls> ListLiveCallsAsync(CancellationToken ct);
}
