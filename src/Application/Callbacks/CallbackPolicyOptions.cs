using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks;

/// <summary>When a callback rings and how often leg A is tried (section <c>Callbacks</c>, docs/callback-policies.md).</summary>
public sealed class CallbackPolicyOptions
{
    public const string Section = "Callbacks";

    /// <summary>The furthest ahead a web callback may be scheduled (<c>at</c>).</summary>
    public static readonly TimeSpan MaxScheduleAhead = TimeSpan.FromHours(24);

    /// <summary>How long after an SMS callback is admitted leg A is rung: the customer's phone is still busy sending the SMS. Web and ANI
    /// callbacks ring at once unless scheduled.</summary>
    public int RingDelaySeconds { get; set; } = 10;

    /// <summary>How many more times leg A is rung when it is busy or not answered.</summary>
    public int SourceRetries { get; set; } = 2;

    /// <summary>The pause before each retry of leg A.</summary>
    public int SourceRetryIntervalSeconds { get; set; } = 60;

    /// <summary>How often the scheduler looks for callbacks whose time has come.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public SourceRetryPolicy SourceRetry => new(SourceRetries, TimeSpan.FromSeconds(SourceRetryIntervalSeconds));

    public bool IsValid() => RingDelaySeconds is >= 0 and <= 3600 && SourceRetries is >= 0 and <= 10
        && SourceRetryIntervalSeconds is >= 1 and <= 3600 && PollInterval > TimeSpan.Zero;
}
