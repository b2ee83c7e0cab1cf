using Mediator;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Sms.Segments;

namespace SmsCallback.Application.Sms.SendOutboundSms;

public enum SendOutcome { Sent, AlreadySent, FailedPermanently, FailedTransiently, AwaitingResult }

/// <summary>Send one SMS of the outbox through its channel and record the result. The job that runs it retries transient failures. The
/// message is claimed in a commit before the channel is asked; a run that loses the claim runs again and finds it taken.</summary>
public sealed record SendOutboundSmsCommand(Guid OutboundSmsId) : ICommand<SendOutcome>, Common.Behaviours.IRetryOnConflict;

/// <remarks>Outbound SMS follow the number rules calls follow: a receiver in a blocked prefix (premium-rate, satellite) is never texted;
/// the SMS is recorded as failed with the reason, without reaching the channel.</remarks>
public sealed class SendOutboundSmsHandler(IOutboundSmsRepository outbox, ISmsSender smsSender, IBlockedPrefixRepository blockedPrefixes,
    IUnitOfWork unitOfWork, TimeProvider clock, IOptions<SmsOptions> options)
    : ICommandHandler<SendOutboundSmsCommand, SendOutcome>
{
    public async ValueTask<SendOutcome> Handle(SendOutboundSmsCommand command, CancellationToken ct)
    {
        var sms = await outbox.GetAsync(command.OutboundSmsId, ct);
        if (sms is not { CanBeSent: true }) return SendOutcome.AlreadySent;

        sms.StartSending();
        await unitOfWork.SaveChangesAsync(ct); // the checkpoint that claims the message: a concurrent attempt conflicts here

        if (await blockedPrefixes.AnyPrefixOfAsync(Domain.Sms.AccessNumber.KeyOf(sms.To), ct))
        {
            sms.MarkFailed($"Refused: {sms.To} is in a blocked prefix (premium-rate or satellite range); not sent.", clock.GetUtcNow());
            return SendOutcome.FailedPermanently;
        }

        // Shortened here by policy (Sms:MaxReplySegments), at a word boundary, rather than cut by the carrier.
        var text = SmsSegments.Shorten(sms.Text, Math.Max(1, options.Value.MaxReplySegments));
        var result = await smsSender.SendAsync(new OutgoingSms(sms.Id, sms.Channel, sms.To, sms.From, text), ct);
        if (result.Sent) sms.MarkSent(result.ExternalId, clock.GetUtcNow());
        else if (result.AwaitingResult) sms.MarkAwaitingResult();
        else sms.MarkFailed(result.Error ?? "Unknown error", clock.GetUtcNow());

        if (result.AwaitingResult) return SendOutcome.AwaitingResult;

        return result.Sent ? SendOutcome.Sent : result.Transient ? SendOutcome.FailedTransiently : SendOutcome.FailedPermanently;
    }
}
