using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Sms;

public enum InboundSmsStatus { Pending = 0, Processed = 1, Failed = 2 }

/// <summary>An SMS a channel delivered to us. Stored before it is acknowledged; unique on (channel, external id),
/// so a carrier's retry is recognised and acted on once.</summary>
public sealed class InboundSms
{
    public const int MaxTextLength = 4096;
    public const int MaxIdLength = 128;
    public const int MaxAddressLength = 64;

    private InboundSms() { Channel = ""; ExternalId = ""; From = ""; To = ""; Text = ""; }

    public Guid Id { get; private set; }
    public string Channel { get; private set; }
    public string ExternalId { get; private set; }

    /// <summary>The sender as the channel gave it (not necessarily E.164).</summary>
    public string From { get; private set; }
    public string To { get; private set; }
    /// <summary>What is kept and shown: a password (<c>P.</c>) already replaced by <c>***</c>.</summary>
    public string Text { get; private set; }

    /// <summary>The original text, encrypted, only while the SMS waits for processing and only when it differs from <see cref="Text"/>
    /// (it carried a password). Processing reads it through <see cref="RevealText"/>, and marking the SMS processed or failed erases it.</summary>
    public string? ProtectedText { get; private set; }

    private string? _revealedText; // never stored: what processing decrypted
    public DateTimeOffset ReceivedAt { get; private set; }
    public DateTimeOffset StoredAt { get; private set; }
    public InboundSmsStatus Status { get; private set; }
    public DateTimeOffset? ProcessedAt { get; private set; }
    public string? Outcome { get; private set; }

    /// <param name="text">the text to keep, with any password masked.</param>
    /// <param name="protectedText">the encrypted original when it differs from <paramref name="text"/>.</param>
    public static InboundSms Receive(string channel, string externalId, string from, string to, string text,
        DateTimeOffset receivedAt, DateTimeOffset now, string? protectedText = null)
    {
        if (string.IsNullOrWhiteSpace(channel)) throw new DomainException("An inbound SMS needs its channel.");
        if (string.IsNullOrWhiteSpace(externalId) || externalId.Length > MaxIdLength)
            throw new DomainException($"An inbound SMS needs a message id of 1 to {MaxIdLength} characters.");
        if (string.IsNullOrWhiteSpace(from) || from.Length > MaxAddressLength)
            throw new DomainException("An inbound SMS needs its sender.");
        if (to.Length > MaxAddressLength) throw new DomainException("The receiver is too long.");
        if (text.Length > MaxTextLength) throw new DomainException($"An SMS text has at most {MaxTextLength} characters.");
        return new InboundSms
        {
            Id = Guid.CreateVersion7(now),
            Channel = channel,
            ExternalId = externalId,
            From = from,
            To = to,
            Text = text,
            ProtectedText = protectedText,
            ReceivedAt = receivedAt,
            StoredAt = now,
            Status = InboundSmsStatus.Pending,
        };
    }

    /// <summary>Processing gives back the decrypted original of <see cref="ProtectedText"/>; it lives in memory only.</summary>
    public void RevealText(string original)
    {
        if (ProtectedText is null) throw new DomainException("This SMS has no protected text.");
        _revealedText = original;
    }

    /// <summary>The text the command is read from: the original when it was revealed, else the stored text.</summary>
    public string CommandText() => _revealedText ?? Text;

    /// <summary>Records what processing decided (for the admin inbox). Processing happens once; the protected original goes with it.</summary>
    public void MarkProcessed(string outcome, DateTimeOffset now)
    {
        if (Status != InboundSmsStatus.Pending) throw new DomainException("This SMS was already processed.");
        ForgetOriginal();
        Status = InboundSmsStatus.Processed;
        Outcome = Truncate(outcome);
        ProcessedAt = now;
    }

    /// <summary>Processing failed unexpectedly and will not be retried automatically.</summary>
    public void MarkFailed(string error, DateTimeOffset now)
    {
        if (Status != InboundSmsStatus.Pending) throw new DomainException("This SMS was already processed.");
        ForgetOriginal();
        Status = InboundSmsStatus.Failed;
        Outcome = Truncate(error);
        ProcessedAt = now;
    }

    private void ForgetOriginal()
    {
        ProtectedText = null;
        _revealedText = null;
    }

    private static string Truncate(string s) => s.Length <= 256 ? s : s[..256];
}
