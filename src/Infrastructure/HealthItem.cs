using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SmsCallback.Infrastructure;

/// <summary>One thing a check looked at (a switch, a forwarder, an access number) and what it found; <c>/health/details</c> lists them.</summary>
public sealed record HealthItem(string Name, HealthStatus Status, string Reason)
{
    /// <summary>The tag of the checks only <c>/health/details</c> runs (the terse <c>/health</c> leaves them out).</summary>
    public const string DetailsTag = "details";

    /// <summary>The key under which a check's result data holds its items.</summary>
    public const string DataKey = "items";
}
