using System.Collections.Concurrent;
using SmsCallback.Application.Common.Telemetry;

namespace SmsCallback.Infrastructure.Operations;

/// <summary>What the switch adapters know about reaching their switch: Asterisk reports its event connection, a switch without one
/// (VoipSwitch's trigger, the simulator) is judged by its last originate request (<see cref="Telemetry.ObservedSwitch"/>).
/// Read by the <c>smscallback.switch.up</c> gauge and by <c>/health/details</c>.</summary>
public sealed class SwitchConnectionStatus(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, State> _switches = new(StringComparer.Ordinal);

    private sealed record State(bool Up, DateTimeOffset Since, string Reason, bool HasConnection, bool EverConnected, long Reconnects = 0);

    /// <summary>A switch the platform uses; until something is reported it counts as up when it has no connection of its own.</summary>
    public void Register(string name, bool hasConnection) =>
        _switches.TryAdd(name, new State(!hasConnection, clock.GetUtcNow(),
            hasConnection ? "not connected yet" : "no standing connection; judged by its last request", hasConnection, false));

    /// <summary>The event connection stands (again).</summary>
    public void Connected(string name, string description)
    {
        var previous = _switches.TryGetValue(name, out var p) ? p : null;
        var reconnects = (previous?.Reconnects ?? 0) + (previous is { EverConnected: true, Up: false } ? 1 : 0);
        _switches[name] = new State(true, clock.GetUtcNow(), description, true, true, reconnects);
    }

    /// <summary>The event connection dropped or could not be opened.</summary>
    public void Disconnected(string name, string reason)
    {
        _switches.AddOrUpdate(name, _ => new State(false, clock.GetUtcNow(), reason, true, false),
            (_, s) => s.Up ? s with { Up = false, Since = clock.GetUtcNow(), Reason = reason } : s with { Reason = reason });
    }

    /// <summary>An originate request succeeded or failed: for a switch without a standing connection this is all we know.</summary>
    public void RequestResult(string name, bool succeeded, string reason)
    {
        if (!_switches.TryGetValue(name, out var s) || s.HasConnection) return;
        if (s.Up != succeeded) _switches[name] = s with { Up = succeeded, Since = clock.GetUtcNow(), Reason = reason };
    }

    public IReadOnlyList<SwitchConnection> Snapshot() =>
        [.. _switches.OrderBy(s => s.Key).Select(s => new SwitchConnection(s.Key, s.Value.Up, s.Value.Since, s.Value.Reason, s.Value.Reconnects))];
}
