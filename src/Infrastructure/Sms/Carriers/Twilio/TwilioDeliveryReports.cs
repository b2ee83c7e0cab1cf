using SmsCallback.Application.AccessNumbers;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Twilio's status callback (the <c>StatusCallback</c> the sender passes): a form with <c>MessageStatus</c> and <c>ErrorCode</c>, signed
/// with <c>X-Twilio-Signature</c> like the messaging webhook, checked with the auth token of the number the SMS left from.</summary>
public sealed class TwilioDeliveryReports(ICarrierAccounts accounts) : ICarrierDeliveryReports
{
    public string Channel => SmsChannels.Twilio;

    public string Summary => "Twilio status callback (X-Twilio-Signature): MessageStatus, ErrorCode.";

    public async Task<CarrierDeliveryReport> ReadAsync(CarrierRequest request, Guid smsId, string? accessNumber, CancellationToken ct)
    {
        if (await TwilioCarrier.VerifyAsync(request, () => accounts.FindByNumberAsync(Channel, accessNumber ?? request.Get("From") ?? "", ct)) is { } refused)
            return CarrierDeliveryReport.From(refused);
        var status = request.Get("MessageStatus") ?? request.Get("SmsStatus");
        if (string.IsNullOrEmpty(status)) return CarrierDeliveryReport.BadRequest("MessageStatus is missing.");
        OutboundSmsDelivery? delivery = status.ToLowerInvariant() switch
        {
            "delivered" or "read" => OutboundSmsDelivery.Delivered,
            "undelivered" or "failed" or "canceled" => OutboundSmsDelivery.Failed,
            "accepted" or "scheduled" or "queued" or "sending" or "sent" => OutboundSmsDelivery.Accepted,
            _ => null,
        };
        return new CarrierDeliveryReport.Report(delivery, status, DeliveryReportCodes.Code(request.Get("ErrorCode")), CarrierAnswer.Empty);
    }
}
