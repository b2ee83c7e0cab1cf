namespace SmsCallback.Application.Lots;

public sealed class LotsOptions
{
    public const string Section = "Lots";

    /// <summary>Accounts committed per transaction (with the lot's count and the batch's export chunk).</summary>
    public int BatchSize { get; set; } = 500;
}
