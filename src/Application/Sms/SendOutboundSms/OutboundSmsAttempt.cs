using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Sms.Segments;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.SendOutboundSms;

/// <summary>One attempt at an outbound SMS: claim it (saved before the channel is asked), then send it and record the result on it.
/// Outbound SMS follow the number rules calls follow: a receiver in a blocked prefix (premium-rate, satellite) is never texted; the SMS is
/// recorded as failed with the reason, without reaching the channel.</summary>
public sealed class OutboundSmsAttempt(ISmsSender smsSender, IBlockedPrefixRepository blockedPrefixes, TimeProvider clock, IOptions<SmsOptions> options)
{
    /// <summary>Marks the SMS as being sent (one more attempt) when it may be sent; the caller saves that before <see cref="SendAsync"/>.</summary>
    public static bool Claim(OutboundSms? sms)
    {
        if (sms is not { CanBeSent: true }) return false;
        sms.StartSending();
        return true;
    }

    /// <summary>Sends a claimed SMS and records the result on it (the caller saves it).</summary>
    public async Task<SendResult> SendAsync(OutboundSms sms, CancellationToken ct)
    {
        SendResult result;
        if (await blockedPrefixes.AnyPrefixOfAsync(AccessNumber.KeyOf(sms.To), ct))
            result = new(SendOutcome.FailedPermanently, null, $"Refused: {sms.To} is in a blocked prefix (premium-rate or satellite range); not sent.",
                clock.GetUtcNow());
        else
        {
            // Shortened here by policy (Sms:MaxReplySegments), at a word boundary, rather than cut by the carrier.
            var text = SmsSegments.Shorten(sms.Text, Math.Max(1, options.Value.MaxReplySegments));
            var sent = await smsSender.SendAsync(new OutgoingSms(sms.Id, sms.Channel, sms.To, sms.From, text), ct);
            var outcome = sent.Sent ? SendOutcome.Sent : sent.AwaitingResult ? SendOutcome.AwaitingResult
                : sent.Transient ? SendOutcome.FailedTransiently : SendOutcome.FailedPermanently;
            result = new(outcome, sent.ExternalId, sent.Error ?? "Unknown error", clock.GetUtcNow());
        }
        result.RecordOn(sms);
        return result;
    }
}

/// <summary>What an attempt found, so that it can be recorded again on a fresh copy of the SMS when the first save of it failed.</summary>
public sealed record SendResult(SendOutcome Outcome, string? ExternalId, string Error, DateTimeOffset At)
{
    public void RecordOn(OutboundSms sms)
    {
        switch (Outcome)
        {
            case SendOutcome.Sent: sms.MarkSent(ExternalId, At); break;
            case SendOutcome.AwaitingResult: sms.MarkAwaitingResult(); break;
            case SendOutcome.FailedPermanently or SendOutcome.FailedTransiently: sms.MarkFailed(Error, At); break;
        }
    }
}
