using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Sms.RecordDeliveryReport;
using SmsCallback.Domain.Forwarders;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Forwarders.ReportDeliveryStatus;

/// <summary>A forwarder posts a modem's SMS-STATUS-REPORT for one of its replies (docs/delivery-reports.md): the <c>+CMGS</c> message
/// reference, the recipient and TP-ST. The reply is the newest one this forwarder sent to that recipient with that reference among its
/// references (they wrap at 256, so the newest wins). TP-ST below 0x20 is delivered, below 0x40 still being tried, above that failed.</summary>
public sealed record ReportDeliveryStatusCommand(Guid ForwarderId, int Reference, string Recipient, int Status)
    : ICommand<Result<DeliveryReportOutcome>>, Common.Behaviours.IRetryOnConflict;

public sealed class ReportDeliveryStatusValidator : AbstractValidator<ReportDeliveryStatusCommand>
{
    public ReportDeliveryStatusValidator()
    {
        RuleFor(c => c.Reference).InclusiveBetween(0, 255);
        RuleFor(c => c.Status).InclusiveBetween(0, 255);
        RuleFor(c => c.Recipient).NotEmpty().MaximumLength(InboundSms.MaxAddressLength);
    }
}

public sealed class ReportDeliveryStatusHandler(IForwarderRepository forwarders, IOutboundSmsRepository outbox, TimeProvider clock)
    : ICommandHandler<ReportDeliveryStatusCommand, Result<DeliveryReportOutcome>>
{
    /// <summary>How many of the forwarder's latest replies are searched for the reference.</summary>
    private const int Window = 200;

    public async ValueTask<Result<DeliveryReportOutcome>> Handle(ReportDeliveryStatusCommand command, CancellationToken ct)
    {
        var forwarder = await forwarders.GetAsync(command.ForwarderId, ct);
        if (forwarder is null) return Error.NotFound("No such forwarder.");
        var now = clock.GetUtcNow();
        forwarder.RecordContact(now);

        var recipient = AccessNumber.KeyOf(command.Recipient);
        var reference = command.Reference.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var sms = (await outbox.ListNewestSentFromAsync(Forwarder.Channel, forwarder.AccessNumber, Window, ct))
            .FirstOrDefault(s => AccessNumber.KeyOf(s.To) == recipient && (s.ExternalId ?? "").Split(',').Contains(reference));
        if (sms is null) return DeliveryReportOutcome.Unmatched;

        var delivery = command.Status switch
        {
            < 0x20 => OutboundSmsDelivery.Delivered,
            < 0x40 => OutboundSmsDelivery.Accepted,
            _ => OutboundSmsDelivery.Failed,
        };
        var code = $"0x{command.Status:X2}";
        return sms.ApplyDeliveryReport(delivery, code, delivery == OutboundSmsDelivery.Failed ? code : null, now)
            ? DeliveryReportOutcome.Recorded : DeliveryReportOutcome.Unchanged;
    }
}
