namespace SmsCallback.Application.Billing;

/// <summary>Settings of credit reservation (section <c>Billing</c>).</summary>
public sealed class BillingOptions
{
    public const string Section = "Billing";

    /// <summary>A callback is placed only when the credit covers a call this long on both legs.</summary>
    public int MinimumCallSeconds { get; set; } = 60;

    /// <summary>The longest call reserved for and passed to the switch, however large the balance.</summary>
    public int MaxCallSeconds { get; set; } = 7200;

    /// <summary>Leg A is answered before leg B rings and is billed from its own answer: the reservation covers A for this much longer.</summary>
    public int RingAllowanceSeconds { get; set; } = 60;

    /// <summary>How long past its reserved maximum a leg may stay up before the platform hangs it up itself (the call watchdog); no leg is
    /// billed beyond its maximum plus this grace, whatever the switch reports (docs/billing.md).</summary>
    public int CallGraceSeconds { get; set; } = 5;
}
