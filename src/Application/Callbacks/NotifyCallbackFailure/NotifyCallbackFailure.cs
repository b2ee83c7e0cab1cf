using Mediator;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Behaviours;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Notices;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Callbacks.NotifyCallbackFailure;

/// <summary>A callback failed (the consumer of <see cref="CallbackFailed"/>): unless the customer heard why on the line or turned the
/// notices off (<c>Account.NotifyFailures</c>), one SMS says why, to the phone that asked for it — through the channel and access number
/// the request came in on, or the notices' channel for a web or ANI callback. Exactly once: the callback records the notice in the same
/// commit as the SMS, and that record is a concurrency token, so a repeated or concurrent run finds it sent.</summary>
public sealed record NotifyCallbackFailureCommand(Guid CallbackId, bool CustomerHeardWhy) : ICommand, IRetryOnConflict;

public sealed class NotifyCallbackFailureHandler(
    ICallbackRepository callbacks, IAccountRepository accounts, IInboundSmsRepository inbox, IOutboundSmsRepository outbox,
    FailureNotice notice, IOptions<NoticesOptions> notices, IUnitOfWork unitOfWork, IBackgroundJobs jobs, TimeProvider clock)
    : ICommandHandler<NotifyCallbackFailureCommand>
{
    public async ValueTask<Unit> Handle(NotifyCallbackFailureCommand command, CancellationToken ct)
    {
        if (command.CustomerHeardWhy) return Unit.Value;
        var callback = await callbacks.GetAsync(command.CallbackId, ct);
        if (callback is not { State: CallbackState.Failed, FailureReason: { } reason, FailureNoticeAt: null }) return Unit.Value;
        var account = await accounts.GetAsync(callback.AccountId, ct);
        if (account is not { NotifyFailures: true } || notice.Text(account, callback, reason) is not { } text) return Unit.Value;

        var request = callback.InboundSmsId is { } smsId ? await inbox.GetAsync(smsId, ct) : null;
        var to = callback.RequestedBy ?? request?.From ?? callback.Source;
        var from = string.IsNullOrEmpty(request?.To) ? null : request.To;
        var now = clock.GetUtcNow();
        if (!callback.TryMarkFailureNotice(now)) return Unit.Value;
        var sms = OutboundSms.Create(OutboundSmsKind.Notice, request?.Channel ?? notices.Value.Channel, to, from, text, null, now);
        outbox.Add(sms);
        unitOfWork.OnCommitted(_ => { jobs.EnqueueSendSms(sms.Id); return Task.CompletedTask; });
        return Unit.Value;
    }
}
