using SmsCallback.Domain.Common;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Domain.Forwarders;

/// <summary>A PC with a GSM modem that serves one access number: it forwards the SMS its SIM receives and sends the replies.
/// It signs its requests with a key only it and the platform know (kept encrypted here, because the platform must verify HMACs).</summary>
public sealed class Forwarder
{
    public const int MaxNameLength = 100;

    /// <summary>The channel name of what forwarders deliver; the message id is <c>&lt;forwarder id&gt;:&lt;message key&gt;</c>.</summary>
    public const string Channel = SmsChannels.Forwarder;

    public const int MaxMessageKeyLength = 64;

    private Forwarder() { Name = ""; AccessNumber = ""; ProtectedKey = ""; }

    public Guid Id { get; private set; }
    public string Name { get; private set; }

    /// <summary>The SIM's number in E.164: the <c>To</c> of what it forwards and the <c>From</c> of the replies it sends.</summary>
    public string AccessNumber { get; private set; }

    /// <summary>The key, encrypted at rest (Data Protection); never shown again after registration.</summary>
    public string ProtectedKey { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? LastContactAt { get; private set; }

    /// <summary>The modem's last reported signal (<c>AT+CSQ</c> RSSI: 0–31, 99 unknown) and network registration (<c>AT+CREG?</c> stat).</summary>
    public int? SignalQuality { get; private set; }
    public int? Registration { get; private set; }

    public static Forwarder Register(string name, string accessNumber, string protectedKey, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > MaxNameLength) throw new DomainException("A forwarder needs a name of at most 100 characters.");
        if (!E164.IsValid(accessNumber)) throw new DomainException("An access number is in E.164.");
        return new Forwarder { Id = Guid.CreateVersion7(now), Name = name.Trim(), AccessNumber = accessNumber, ProtectedKey = protectedKey, CreatedAt = now };
    }

    /// <summary>Every verified request counts as contact; the modem status comes with the message batches.</summary>
    public void RecordContact(DateTimeOffset now, int? signalQuality = null, int? registration = null)
    {
        LastContactAt = now;
        if (signalQuality is >= 0 and <= 99) SignalQuality = signalQuality;
        if (registration is >= 0 and <= 5) Registration = registration;
    }
}
