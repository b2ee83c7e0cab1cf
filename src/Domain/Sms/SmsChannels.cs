namespace SmsCallback.Domain.Sms;

/// <summary>The names of the ways an SMS comes in and goes out, in one place. A name is stored with every SMS and access number and
/// appears in webhook routes (<c>/api/sms/inbound/{name}</c>) and metrics, so it never changes once used.</summary>
public static class SmsChannels
{
    /// <summary>The generic HMAC-signed JSON webhook; its replies go to the log sender.</summary>
    public const string Generic = "generic";

    /// <summary>A GSM modem forwarder (src/Forwarder).</summary>
    public const string Forwarder = "forwarder";

    public const string Twilio = "twilio";
    public const string Vonage = "vonage";
    public const string Plivo = "plivo";
    public const string Kannel = "kannel";

    /// <summary>Every channel an access number may be registered on.</summary>
    public static readonly IReadOnlyList<string> All = [Generic, Twilio, Vonage, Plivo, Kannel, Forwarder];
}
