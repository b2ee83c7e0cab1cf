using Mediator;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Sms.SendOutboundSms;

public enum SendOutcome { Sent, AlreadySent, FailedPermanently, FailedTransiently, AwaitingResult }

/// <summary>Send one SMS of the outbox through its channel and record the result. The job that runs it retries transient failures. The
/// message is claimed in a commit before the channel is asked; a run that loses the claim runs again and finds it taken. The in-process
/// first attempt claims, sends and records many SMS together with the same <see cref="OutboundSmsAttempt"/> (docs/adr/0053-replies-sent-together.md).</summary>
public sealed record SendOutboundSmsCommand(Guid OutboundSmsId) : ICommand<SendOutcome>, Common.Behaviours.IRetryOnConflict;

public sealed class SendOutboundSmsHandler(IOutboundSmsRepository outbox, OutboundSmsAttempt attempt, IUnitOfWork unitOfWork)
    : ICommandHandler<SendOutboundSmsCommand, SendOutcome>
{
    public async ValueTask<SendOutcome> Handle(SendOutboundSmsCommand command, CancellationToken ct)
    {
        var sms = await outbox.GetAsync(command.OutboundSmsId, ct);
        if (!OutboundSmsAttempt.Claim(sms)) return SendOutcome.AlreadySent;
        await unitOfWork.SaveChangesAsync(ct); // the checkpoint that claims the message: a concurrent attempt conflicts here

        return (await attempt.SendAsync(sms!, ct)).Outcome; // the result is saved by the command's unit of work
    }
}
