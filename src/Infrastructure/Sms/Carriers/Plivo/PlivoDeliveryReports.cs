using SmsCallback.Application.AccessNumbers;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Plivo's message status callback (the <c>url</c> the sender passes): <c>Status</c> and <c>ErrorCode</c>, signed with
/// <c>X-Plivo-Signature-V3</c> like the message URL, checked with the auth token of the number the SMS left from.</summary>
public sealed class PlivoDeliveryReports(ICarrierAccounts accounts) : ICarrierDeliveryReports
{
    public string Channel => SmsChannels.Plivo;

    public string Summary => "Plivo message status URL (X-Plivo-Signature-V3): Status, ErrorCode.";

    public async Task<CarrierDeliveryReport> ReadAsync(CarrierRequest request, Guid smsId, string? accessNumber, CancellationToken ct)
    {
        if (await PlivoCarrier.VerifyAsync(request, () => accounts.FindByNumberAsync(Channel, accessNumber ?? request.Get("From") ?? "", ct)) is { } refused)
            return CarrierDeliveryReport.From(refused);
        var status = request.Get("Status");
        if (string.IsNullOrEmpty(status)) return CarrierDeliveryReport.BadRequest("Status is missing.");
        OutboundSmsDelivery? delivery = status.ToLowerInvariant() switch
        {
            "delivered" or "read" => OutboundSmsDelivery.Delivered,
            "undelivered" or "failed" or "rejected" => OutboundSmsDelivery.Failed,
            "queued" or "sent" => OutboundSmsDelivery.Accepted,
            _ => null,
        };
        return new CarrierDeliveryReport.Report(delivery, status, DeliveryReportCodes.Code(request.Get("ErrorCode")), CarrierAnswer.Empty);
    }
}
