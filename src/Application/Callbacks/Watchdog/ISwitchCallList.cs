namespace SmsCallback.Application.Callbacks.Watchdog;

/// <summary>The calls a switch has up right now, by the call ids its events carry (ARI channel ids, the simulator's call ids), for
/// reconciliation. Not registered for a switch that cannot list its calls (VoipSwitch's trigger).</summary>
public interface ISwitchCallList
{
    /// <exception cref="Common.Interfaces.SwitchUnavailableException">the switch could not be asked.</exception>
    Task<IReadOnlySet<string>> ListLiveCallIdsAsync(CancellationToken ct);
}
