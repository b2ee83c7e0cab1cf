namespace SmsCallback.Infrastructure.Operations;

/// <summary>How often the gauges and the detailed health read the database, and when <c>/health/details</c> calls something degraded
/// (section <c>Operations</c>).</summary>
public sealed class OperationsOptions
{
    public const string Section = "Operations";

    /// <summary>The database snapshot behind the gauges is at most this old (and taken only when asked for).</summary>
    public TimeSpan SnapshotInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A forwarder that has not reached the platform for this long is Degraded (it polls every few seconds when well).</summary>
    public TimeSpan ForwarderSilentAfter { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The inbox is Degraded when its oldest pending SMS is this old (the hot path takes milliseconds, the sweep 30 s) ...</summary>
    public TimeSpan InboxBacklogAge { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>... or when this many SMS wait.</summary>
    public int InboxBacklogCount { get; set; } = 100;
}
