namespace SmsCallback.Infrastructure.Sms.Carriers;

internal static class DeliveryReportCodes
{
    /// <summary>A carrier's status or error code, only when it is a short code (Twilio's 30003, Vonage's 4, Kannel's 0x45): never free text.</summary>
    public static string? Code(string? value) =>
        value is { Length: > 0 and <= 16 } v && v.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.') ? v : null;
}
