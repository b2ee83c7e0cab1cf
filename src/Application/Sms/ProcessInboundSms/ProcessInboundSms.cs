using Mediator;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common;
using SmsCallback.Application.Common.Behaviours;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Sms.ReceiveInboundSms;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.ProcessInboundSms;

/// <summary>Carry out a stored SMS: parse, authorise, act, and queue at most one reply. Running it twice does nothing the second time: a run
/// that loses its save (processed elsewhere, or the account's credit changed under it) runs again and finds the SMS processed or the fresh
/// balance. An admitted callback is dispatched by the consumer of its event once this is saved.</summary>
public sealed record ProcessInboundSmsCommand(Guid InboundSmsId) : ICommand, IRetryOnConflict;

public sealed class ProcessInboundSmsHandler(
    IInboundSmsRepository inbox,
    IOutboundSmsRepository outbox,
    SmsCommandExecutor executor,
    PhoneNumberNormalizer phones,
    IUnitOfWork unitOfWork,
    IBackgroundJobs jobs,
    IOptions<AntiAbuseOptions> antiAbuse,
    ISmsTextVault vault,
    TimeProvider clock) : ICommandHandler<ProcessInboundSmsCommand>
{
    public async ValueTask<Unit> Handle(ProcessInboundSmsCommand command, CancellationToken ct)
    {
        var sms = await inbox.GetAsync(command.InboundSmsId, ct);
        if (sms is null || sms.Status != InboundSmsStatus.Pending) return Unit.Value;

        var now = clock.GetUtcNow();
        if (sms.ProtectedText is { } protectedText)
        {
            if (vault.TryUnprotect(protectedText) is not { } original)
            {
                sms.MarkFailed("The original text could not be decrypted (the data protection keys changed); not processed.", now);
                return Unit.Value;
            }
            sms.RevealText(original);
        }
        var sender = phones.TryNormalize(sms.From, out var e164) ? e164 : null;
        var outcome = await executor.ExecuteAsync(sms, sender, ct);

        var reply = await ComposeReplyAsync(sms, sender ?? sms.From, outcome, now, ct);
        if (reply is not null) outbox.Add(reply);
        sms.MarkProcessed(outcome.Summary, now);
        unitOfWork.OnCommitted(_ =>
        {
            if (reply is not null) jobs.EnqueueSendSms(reply.Id);
            if (outcome.AlsoSend is { } also) jobs.EnqueueSendSms(also);
            if (outcome.StatusTo is { } status) jobs.EnqueueAccountStatus(status.AccountId, sms.Id, status.To);
            return Task.CompletedTask;
        });
        return Unit.Value;
    }

    /// <summary>One reply per inbound SMS; senders we cannot trust get at most one reply per window, and no more than the ceilings allow
    /// (per access number and in all) so forged senders cannot pump SMS. Whether the receiver may be texted at all is the sender job's
    /// check (blocked prefixes).</summary>
    private async Task<OutboundSms?> ComposeReplyAsync(InboundSms sms, string to, SmsOutcome outcome, DateTimeOffset now, CancellationToken ct)
    {
        if (outcome.Reply is null) return null;
        var kind = outcome.Trusted ? OutboundSmsKind.Reply : OutboundSmsKind.UnknownSenderReply;
        var limits = antiAbuse.Value;
        if (!outcome.Trusted &&
            (await outbox.AnySentToSinceAsync(to, OutboundSmsKind.UnknownSenderReply, now - limits.UnknownSenderReplyWindow, ct)
             || await outbox.CountSinceAsync(OutboundSmsKind.UnknownSenderReply, now - limits.UnknownSenderCeilingWindow, null, ct)
                >= limits.MaxUnknownSenderReplies
             || await outbox.CountSinceAsync(OutboundSmsKind.UnknownSenderReply, now - limits.UnknownSenderCeilingWindow, sms.To, ct)
                >= limits.MaxUnknownSenderRepliesPerAccessNumber))
            return null;
        return OutboundSms.Create(kind, sms.Channel, to, string.IsNullOrEmpty(sms.To) ? null : sms.To, outcome.Reply, sms.Id, now);
    }
}
