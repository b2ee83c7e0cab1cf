using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Sms;

/// <summary><see cref="AwaitingResult"/>: handed to a channel that sends on its own time (a forwarder's modem) and reports the result later.</summary>
public enum OutboundSmsStatus { Queued = 0, Sending = 1, Sent = 2, Failed = 3, AwaitingResult = 4 }

/// <summary>What the carrier's delivery reports said: nothing yet, accepted on its way (queued, sent to the network), delivered to the
/// phone, or not delivered. Recorded beside <see cref="OutboundSmsStatus"/> (our side of sending), never instead of it.</summary>
public enum OutboundSmsDelivery { None = 0, Accepted = 1, Delivered = 2, Failed = 3 }

/// <summary>The one state a person reads (docs/delivery-reports.md): <c>Queued → Sent → Delivered | Failed</c>, made of our sending status and
/// the carrier's delivery reports.</summary>
public enum OutboundSmsState { Queued = 0, Sent = 1, Delivered = 2, Failed = 3 }

/// <summary>Why we send it: a reply to a command, the one throttled answer to an unknown sender, a status report, a notice, a one-time
/// code that proves a number is the customer's.</summary>
public enum OutboundSmsKind { Reply = 0, UnknownSenderReply = 1, Status = 2, Notice = 3, VerificationCode = 4 }

/// <summary>An SMS we send (a reply or a notice), kept in the outbox. A reply is unique per inbound SMS.</summary>
public sealed class OutboundSms
{
    public const int MaxTextLength = 1600;

    private OutboundSms() { Channel = ""; To = ""; Text = ""; }

    public Guid Id { get; private set; }
    public string Channel { get; private set; }
    public string To { get; private set; }
    public string? From { get; private set; }
    public string Text { get; private set; }
    public OutboundSmsKind Kind { get; private set; }
    public OutboundSmsStatus Status { get; private set; }
    public int Attempts { get; private set; }

    /// <summary>The inbound SMS this answers, if it is a reply; at most one reply per inbound SMS.</summary>
    public Guid? InboundSmsId { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public string? ExternalId { get; private set; }
    public string? Error { get; private set; }

    /// <summary>The carrier's latest delivery report that changed something (<see cref="ApplyDeliveryReport"/>).</summary>
    public OutboundSmsDelivery Delivery { get; private set; }

    /// <summary>The carrier's own word for the status (Twilio's <c>MessageStatus</c>, Vonage's <c>status</c>, Kannel's <c>%d</c>, …).</summary>
    public string? CarrierStatus { get; private set; }
    public string? CarrierErrorCode { get; private set; }
    public DateTimeOffset? ReportedAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>When sending failed, or when the carrier reported it undelivered.</summary>
    public DateTimeOffset? FailedAt { get; private set; }

    public const int MaxCarrierCodeLength = 32;

    public OutboundSmsState State => Delivery switch
    {
        OutboundSmsDelivery.Delivered => OutboundSmsState.Delivered,
        OutboundSmsDelivery.Failed => OutboundSmsState.Failed,
        _ when Status == OutboundSmsStatus.Failed => OutboundSmsState.Failed,
        _ when Status == OutboundSmsStatus.Sent || Delivery == OutboundSmsDelivery.Accepted => OutboundSmsState.Sent,
        _ => OutboundSmsState.Queued,
    };

    public static OutboundSms Create(OutboundSmsKind kind, string channel, string to, string? from, string text, Guid? inboundSmsId,
        DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(channel)) throw new DomainException("An SMS needs a channel to leave through.");
        if (string.IsNullOrWhiteSpace(to)) throw new DomainException("An SMS needs a receiver.");
        if (string.IsNullOrEmpty(text)) throw new DomainException("An SMS needs a text.");
        if (text.Length > MaxTextLength) throw new DomainException($"An SMS text has at most {MaxTextLength} characters.");
        return new OutboundSms
        {
            Id = Guid.CreateVersion7(now),
            Channel = channel,
            To = to,
            From = from,
            Text = text,
            Kind = kind,
            Status = OutboundSmsStatus.Queued,
            InboundSmsId = inboundSmsId,
            CreatedAt = now,
        };
    }

    public bool CanBeSent => Status is OutboundSmsStatus.Queued or OutboundSmsStatus.Sending or OutboundSmsStatus.Failed;

    public void StartSending()
    {
        if (!CanBeSent) throw new DomainException("This SMS was already sent.");
        Status = OutboundSmsStatus.Sending;
        Attempts++;
        FailedAt = null;
    }

    /// <summary>The channel took the SMS and will report whether it went out (<see cref="MarkSent"/> or <see cref="MarkFailed"/>).</summary>
    public void MarkAwaitingResult()
    {
        if (Status != OutboundSmsStatus.Sending) throw new DomainException("Only an SMS being sent can be handed to its channel.");
        Status = OutboundSmsStatus.AwaitingResult;
    }

    public void MarkSent(string? externalId, DateTimeOffset now)
    {
        if (Status is not (OutboundSmsStatus.Sending or OutboundSmsStatus.AwaitingResult)) throw new DomainException("Only an SMS being sent can be marked sent.");
        Status = OutboundSmsStatus.Sent;
        ExternalId = externalId;
        SentAt = now;
        Error = null;
    }

    public void MarkFailed(string reason, DateTimeOffset? now = null)
    {
        if (Status is not (OutboundSmsStatus.Sending or OutboundSmsStatus.AwaitingResult)) throw new DomainException("Only an SMS being sent can fail.");
        Status = OutboundSmsStatus.Failed;
        Error = reason.Length <= 512 ? reason : reason[..512];
        FailedAt = now;
    }

    /// <summary>Records a carrier's delivery report. Monotonic and idempotent: a final report (delivered or failed) is never replaced, the first
    /// one wins; a repeated "accepted" changes nothing. A report may arrive before our own send result is saved (the carrier is fast): it is
    /// kept in its own columns, so the send result and the report never overwrite each other.</summary>
    /// <returns>Whether the report changed the SMS.</returns>
    public bool ApplyDeliveryReport(OutboundSmsDelivery reported, string carrierStatus, string? errorCode, DateTimeOffset now)
    {
        if (reported == OutboundSmsDelivery.None) throw new DomainException("A delivery report says accepted, delivered or failed.");
        if (Delivery is OutboundSmsDelivery.Delivered or OutboundSmsDelivery.Failed) return false;
        if (reported == OutboundSmsDelivery.Accepted && Delivery == OutboundSmsDelivery.Accepted) return false;
        Delivery = reported;
        CarrierStatus = Cut(carrierStatus);
        CarrierErrorCode = string.IsNullOrEmpty(errorCode) ? null : Cut(errorCode);
        ReportedAt = now;
        if (reported == OutboundSmsDelivery.Delivered) DeliveredAt = now;
        if (reported == OutboundSmsDelivery.Failed) FailedAt = now;
        return true;
    }

    private static string Cut(string value) => value.Length <= MaxCarrierCodeLength ? value : value[..MaxCarrierCodeLength];
}
