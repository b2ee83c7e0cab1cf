using SmsCallback.Application.Callbacks.Watchdog;
using SmsCallback.Infrastructure.Switching.Asterisk;
using SmsCallback.Infrastructure.Switching.Simulator;

namespace SmsCallback.Infrastructure.Switching.Reconciliation;

/// <summary>The simulator's calls not ended. The simulator lives in the process: after a restart it has none, so every callback the
/// crash left up is reconciled.</summary>
public sealed class SimulatorCallList(SwitchSimulator simulator) : ISwitchCallList
{
    public Task<IReadOnlySet<string>> ListLiveCallIdsAsync(CancellationToken ct) =>
        Task.FromResult<IReadOnlySet<string>>(simulator.Calls().Where(c => c.State != SimulatedCallState.Ended).Select(c => c.CallId)
            .ToHashSet(StringComparer.Ordinal));
}

/// <summary>Asterisk's channels (<c>GET /ari/channels</c>); a leg's switch call id is its channel id.</summary>
public sealed class AsteriskCallList(AriClient ari) : ISwitchCallList
{
    public Task<IReadOnlySet<string>> ListLiveCallIdsAsync(CancellationToken ct) => ari.ListChannelIdsAsync(ct);
}
