namespace SmsCallback.Application.Common.Telemetry;

/// <summary>What the gauges and the detailed health read: a snapshot of the database, taken at most every few seconds and only on demand
/// (never on the hot path), and the state of the switch connections as the adapters report it.</summary>
public interface IOperationsReadings
{
    /// <summary>The latest snapshot; when it is older than the refresh interval a new one is taken in the background.</summary>
    OperationsSnapshot Snapshot();

    /// <summary>A snapshot no older than the refresh interval (waits for the database when needed).</summary>
    Task<OperationsSnapshot> FreshSnapshotAsync(CancellationToken ct);

    IReadOnlyList<SwitchConnection> Switches();
}

public sealed record OperationsSnapshot(
    DateTimeOffset TakenAt,
    int InboxPending,
    TimeSpan? OldestPendingAge,
    int ActiveCallbacks,
    int ActiveLegs,
    IReadOnlyList<CurrencyAmount> Reserved,
    IReadOnlyList<LotProgress> Lots,
    IReadOnlyList<ForwarderContact> Forwarders)
{
    public static readonly OperationsSnapshot Empty = new(DateTimeOffset.MinValue, 0, null, 0, 0, [], [], []);
}

public sealed record CurrencyAmount(string Currency, decimal Amount);

public sealed record LotProgress(string Name, double Progress);

/// <param name="SilentFor">Time since the last contact; null: never.</param>
public sealed record ForwarderContact(string Name, DateTimeOffset? LastContactAt, TimeSpan? SilentFor);

/// <param name="Up">The event connection stands, or (for a switch without one) its last request succeeded.</param>
/// <param name="Reason">Why it is down, or what is known about it.</param>
/// <param name="Reconnects">How many times the connection was opened again after it had stood.</param>
public sealed record SwitchConnection(string Name, bool Up, DateTimeOffset Since, string Reason, long Reconnects = 0);
