namespace SmsCallback.Infrastructure.Switching.Reconciliation;

/// <summary>Settings of the call watchdog and of reconciliation with the switch (section <c>Watchdog</c>). The grace itself is
/// <c>Billing:CallGraceSeconds</c>, because the charges follow it too.</summary>
public sealed class CallWatchdogOptions
{
    public const string Section = "Watchdog";

    /// <summary>How often connected callbacks are checked against their deadlines.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often active callbacks are compared with the calls the switch has; also at start-up and after each reconnection.</summary>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A callback changed more recently than this is left alone by reconciliation: its events, or its originate (retried for up to
    /// 20 s on Asterisk), may still be on their way.</summary>
    public TimeSpan ReconcileGrace { get; set; } = TimeSpan.FromSeconds(30);
}
