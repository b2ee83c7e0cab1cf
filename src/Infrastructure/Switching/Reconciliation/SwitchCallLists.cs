using SmsCallback.Application.Callbacks.Watchdog;
using SmsCallback.Infrastructure.Switching.Asterisk;
using SmsCallback.Infrastructure.Switching.Simulator;

namespace SmsCallback.Infrastructure.Switching.Reconciliation;

/// <summary>The simulator's calls not ended. The simulator lives in the process: after a restart it has none, so every callback the
/// crash left in progress is reconciled.</summary>
public sealed class SimulatorCallList(SwitchSimulator simulator) : ISwitchCallList
{
    public Task<LiveCalls> ListLiveCallsAsync(CancellationToken ct)
    {
        var live = simulator.Calls().Where(c => c.State != SimulatedCallState.Ended).ToList();
        return Task.FromResult(new LiveCalls(live.Select(c => c.CallId).ToHashSet(StringComparer.Ordinal),
            live.Where(c => c.CallbackId != Guid.Empty).Select(c => c.CallbackId).ToHashSet()));
    }
}

/// <summary>Asterisk's channels (<c>GET /ari/channels</c>); a leg's switch call id is its channel id, which names its callback
/// (<see cref="AriChannelIds"/>).</summary>
public sealed class AsteriskCallList(AriClient ari) : ISwitchCallList
{
    public async Task<LiveCalls> ListLiveCallsAsync(CancellationToken ct)
    {
        var channels = await ari.ListChannelIdsAsync(ct);
        var callbacks = new HashSet<Guid>();
        foreach (var channel in channels)
            if (AriChannelIds.TryParse(channel, out var callbackId, out _)) callbacks.Add(callbackId);
        return new LiveCalls(channels, callbacks);
    }
}
