using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms.Texts;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.SendAccountStatus;

/// <summary>Compose an account's status SMS (balance and currency, in the account's language) as the reply to an <c>I.</c> command, and queue it for sending.
/// Idempotent: a second run finds the reply already in the outbox.</summary>
public sealed record SendAccountStatusCommand(Guid AccountId, Guid InboundSmsId, string To) : ICommand;

public sealed class SendAccountStatusHandler(
    IAccountRepository accounts, IInboundSmsRepository inbox, IOutboundSmsRepository outbox, IUnitOfWork unitOfWork, IBackgroundJobs jobs,
    TimeProvider clock, IReplyTexts texts) : ICommandHandler<SendAccountStatusCommand>
{
    public async ValueTask<Unit> Handle(SendAccountStatusCommand command, CancellationToken ct)
    {
        var account = await accounts.GetAsync(command.AccountId, ct);
        var request = await inbox.GetAsync(command.InboundSmsId, ct);
        if (account is null || request is null) return Unit.Value;

        var status = OutboundSms.Create(OutboundSmsKind.Status, request.Channel, command.To, string.IsNullOrEmpty(request.To) ? null : request.To,
            texts.In(account.Language).Balance(account.Balance, account.Currency), request.Id, clock.GetUtcNow());
        outbox.Add(status);
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            return Unit.Value; // composed by an earlier run of this job
        }
        jobs.EnqueueSendSms(status.Id);
        return Unit.Value;
    }
}
