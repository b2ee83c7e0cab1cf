using SmsCallback.Application.AccessNumbers;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Vonage's delivery receipt (the <c>callback</c> the sender passes, with our id in the path):
/// <c>status</c>, <c>err-code</c>, <c>messageId</c>; signed like the inbound webhook (<c>sig</c> and a timestamp, unless the number allows
/// unsigned webhooks), checked with the secret of the number the SMS left from.</summary>
public sealed class VonageDeliveryReports(ICarrierAccounts accounts, TimeProvider clock) : ICarrierDeliveryReports
{
    public string Channel => SmsChannels.Vonage;

    public string Summary => "Vonage delivery receipt (sig and timestamp, as the inbound webhook): status, err-code.";

    public async Task<CarrierDeliveryReport> ReadAsync(CarrierRequest request, Guid smsId, string? accessNumber, CancellationToken ct)
    {
        var account = await accounts.FindByNumberAsync(Channel, accessNumber ?? request.Get("to") ?? "", ct);
        if (VonageCarrier.Verify(request, account, clock.GetUtcNow()) is { } refused) return CarrierDeliveryReport.From(refused);
        var status = request.Get("status");
        if (string.IsNullOrEmpty(status)) return CarrierDeliveryReport.BadRequest("status is missing.");
        OutboundSmsDelivery? delivery = status.ToLowerInvariant() switch
        {
            "delivered" => OutboundSmsDelivery.Delivered,
            "failed" or "rejected" or "expired" => OutboundSmsDelivery.Failed,
            "accepted" or "buffered" => OutboundSmsDelivery.Accepted,
            _ => null, // "unknown" says nothing
        };
        var error = request.Get("err-code") is { } code && code != "0" ? DeliveryReportCodes.Code(code) : null;
        return new CarrierDeliveryReport.Report(delivery, status, error, CarrierAnswer.Empty);
    }
}
