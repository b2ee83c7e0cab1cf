using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Sms;

/// <summary>One part of a long SMS the carrier delivered separately (Vonage <c>concat</c>). Held until all parts of its group
/// (channel, sender, reference) are here, or a timeout, then received as one <see cref="InboundSms"/>.</summary>
public sealed class InboundSmsPart
{
    public const int MaxParts = 16;
    public const int MaxTextLength = 1024;

    private InboundSmsPart() { Channel = ""; From = ""; To = ""; Reference = ""; ExternalId = ""; Text = ""; }

    public Guid Id { get; private set; }
    public string Channel { get; private set; }
    public string From { get; private set; }
    public string To { get; private set; }

    /// <summary>The carrier's concatenation reference, shared by the parts of one message.</summary>
    public string Reference { get; private set; }
    public int PartNumber { get; private set; }
    public int TotalParts { get; private set; }

    /// <summary>The carrier's id of this part.</summary>
    public string ExternalId { get; private set; }
    public string Text { get; private set; }
    public DateTimeOffset ReceivedAt { get; private set; }
    public DateTimeOffset StoredAt { get; private set; }

    /// <summary>Set once the group became an inbound SMS; kept so a late retry of a part is recognised.</summary>
    public bool Assembled { get; private set; }

    public static InboundSmsPart Receive(string channel, string externalId, string from, string to, string reference, int partNumber,
        int totalParts, string text, DateTimeOffset receivedAt, DateTimeOffset now)
    {
        if (totalParts is < 1 or > MaxParts) throw new DomainException($"A long SMS has 1 to {MaxParts} parts.");
        if (partNumber < 1 || partNumber > totalParts) throw new DomainException("The part number is outside 1..total.");
        if (string.IsNullOrWhiteSpace(reference) || reference.Length > 64) throw new DomainException("A part needs its concatenation reference.");
        if (string.IsNullOrWhiteSpace(externalId) || externalId.Length > InboundSms.MaxIdLength) throw new DomainException("A part needs its message id.");
        if (string.IsNullOrWhiteSpace(from) || from.Length > InboundSms.MaxAddressLength) throw new DomainException("A part needs its sender.");
        if (to.Length > InboundSms.MaxAddressLength) throw new DomainException("The receiver is too long.");
        if (text.Length > MaxTextLength) throw new DomainException($"A part has at most {MaxTextLength} characters.");
        return new InboundSmsPart
        {
            Id = Guid.CreateVersion7(now), Channel = channel, ExternalId = externalId, From = from, To = to, Reference = reference,
            PartNumber = partNumber, TotalParts = totalParts, Text = text, ReceivedAt = receivedAt, StoredAt = now,
        };
    }

    /// <summary>Its text went into the assembled SMS (where a password is masked): the part keeps none of it.</summary>
    public void MarkAssembled()
    {
        Assembled = true;
        Text = "";
    }
}
