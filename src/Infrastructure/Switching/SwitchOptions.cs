namespace SmsCallback.Infrastructure.Switching;

public enum SwitchProvider { Simulator, VoipSwitch, Asterisk }

public sealed class SwitchOptions
{
    public const string Section = "Switch";

    public SwitchProvider Provider { get; set; } = SwitchProvider.Simulator;

    /// <summary>How long an event-connection lease lasts without renewal (renewed every third of it).</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A callback ringing or dialling with no event for this long is failed (Timeout) and hung up.</summary>
    public TimeSpan RingTimeout { get; set; } = TimeSpan.FromMinutes(3);

    /// <summary>A connected callback with no event for this long is failed (Timeout) and hung up; above any maximum call time.</summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Event connections to remote switches need one holder among several instances; in-process ones do not.</summary>
    public bool NeedsLease => Provider == SwitchProvider.Asterisk;
}
