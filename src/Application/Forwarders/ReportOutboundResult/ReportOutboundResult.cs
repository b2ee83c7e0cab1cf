using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Forwarders;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Forwarders.ReportOutboundResult;

/// <summary>A forwarder reports whether a reply went out through its modem (<paramref name="Reference"/>: the <c>+CMGS</c> message references).
/// Idempotent: reporting an SMS already settled changes nothing.</summary>
public sealed record ReportOutboundResultCommand(Guid ForwarderId, Guid MessageId, bool Sent, string? Reference, string? Error)
    : ICommand<Result<bool>>;

public sealed class ReportOutboundResultValidator : AbstractValidator<ReportOutboundResultCommand>
{
    public ReportOutboundResultValidator()
    {
        RuleFor(c => c.Reference).MaximumLength(128);
        RuleFor(c => c.Error).MaximumLength(512);
    }
}

public sealed class ReportOutboundResultHandler(IForwarderRepository forwarders, IOutboundSmsRepository outbox, TimeProvider clock)
    : ICommandHandler<ReportOutboundResultCommand, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(ReportOutboundResultCommand command, CancellationToken ct)
    {
        var forwarder = await forwarders.GetAsync(command.ForwarderId, ct);
        if (forwarder is null) return Error.NotFound("No such forwarder.");
        var sms = await outbox.GetAsync(command.MessageId, ct);
        if (sms is null || sms.Channel != Forwarder.Channel || sms.From != forwarder.AccessNumber) return Error.NotFound("No such SMS for this forwarder.");

        var now = clock.GetUtcNow();
        forwarder.RecordContact(now);
        var changed = sms.Status == OutboundSmsStatus.AwaitingResult;
        if (changed)
        {
            if (command.Sent) sms.MarkSent(command.Reference, now);
            else sms.MarkFailed(string.IsNullOrWhiteSpace(command.Error) ? "The forwarder could not send it." : command.Error, now);
        }
        return changed;
    }
}
