using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.RecordDeliveryReport;

public enum DeliveryReportOutcome { Recorded, Unchanged, Unmatched }

/// <summary>A verified delivery report for one of our SMS (docs/delivery-reports.md). Monotonic and idempotent: a repeated or late report
/// changes nothing (<see cref="OutboundSms.ApplyDeliveryReport"/>). A report for an SMS we do not know (deleted by retention, or another
/// system's) is <see cref="DeliveryReportOutcome.Unmatched"/>: the carrier is answered 200 so it does not retry, and nothing is stored
/// (docs/adr/0045-delivery-reports.md).</summary>
public sealed record RecordDeliveryReportCommand(string Channel, Guid SmsId, OutboundSmsDelivery Delivery, string CarrierStatus, string? ErrorCode)
    : ICommand<DeliveryReportOutcome>, Common.Behaviours.IRetryOnConflict;

public sealed class RecordDeliveryReportValidator : AbstractValidator<RecordDeliveryReportCommand>
{
    public RecordDeliveryReportValidator()
    {
        RuleFor(c => c.Delivery).IsInEnum().NotEqual(OutboundSmsDelivery.None);
        RuleFor(c => c.CarrierStatus).NotEmpty().MaximumLength(OutboundSms.MaxCarrierCodeLength);
        RuleFor(c => c.ErrorCode).MaximumLength(OutboundSms.MaxCarrierCodeLength);
    }
}

public sealed class RecordDeliveryReportHandler(IOutboundSmsRepository outbox, TimeProvider clock)
    : ICommandHandler<RecordDeliveryReportCommand, DeliveryReportOutcome>
{
    public async ValueTask<DeliveryReportOutcome> Handle(RecordDeliveryReportCommand command, CancellationToken ct)
    {
        var sms = await outbox.GetAsync(command.SmsId, ct);
        if (sms is null || sms.Channel != command.Channel) return DeliveryReportOutcome.Unmatched;
        if (!sms.ApplyDeliveryReport(command.Delivery, command.CarrierStatus, command.ErrorCode, clock.GetUtcNow()))
            return DeliveryReportOutcome.Unchanged;
        // Written conditionally: a report for the same SMS may have been stored since it was read.
        return await outbox.RecordDeliveryAsync(sms, ct) ? DeliveryReportOutcome.Recorded : DeliveryReportOutcome.Unchanged;
    }
}
