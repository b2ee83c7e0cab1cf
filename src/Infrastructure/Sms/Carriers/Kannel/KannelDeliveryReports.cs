using System.Text.RegularExpressions;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Kannel's <c>dlr-url</c> (the sender passes it with <c>dlr-mask=31</c>): <c>type=%d</c> (1 delivered, 2 not delivered, 4 queued on the
/// SMSC, 8 accepted by the SMSC, 16 refused by the SMSC) and <c>answer=%A</c>. Kannel cannot sign, so the URL carries a token made for that
/// one SMS (<see cref="DeliveryReportUrls.Token"/>), compared in constant time. Only an error code is kept from <c>%A</c>: an SMPP receipt
/// repeats the start of the text.</summary>
public sealed partial class KannelDeliveryReports(DeliveryReportUrls urls) : ICarrierDeliveryReports
{
    public string Channel => SmsChannels.Kannel;

    public string Summary => "Kannel dlr-url: /api/sms/status/kannel/{smsId}?token=…&type=%d&answer=%A (the token is made for each SMS).";

    public Task<CarrierDeliveryReport> ReadAsync(CarrierRequest request, Guid smsId, string? accessNumber, CancellationToken ct)
    {
        var token = request.Get("token");
        if (string.IsNullOrEmpty(token)) return Task.FromResult<CarrierDeliveryReport>(new CarrierDeliveryReport.Refused(401, "The token is missing from the URL."));
        if (!urls.IsValidToken(smsId, token))
            return Task.FromResult<CarrierDeliveryReport>(new CarrierDeliveryReport.Refused(403, "Wrong token."));
        var type = request.Get("type");
        OutboundSmsDelivery? delivery = type switch
        {
            "1" => OutboundSmsDelivery.Delivered,
            "2" or "16" => OutboundSmsDelivery.Failed,
            "4" or "8" => OutboundSmsDelivery.Accepted,
            _ => null,
        };
        if (delivery is null && !int.TryParse(type, out _))
            return Task.FromResult<CarrierDeliveryReport>(CarrierDeliveryReport.BadRequest("type (Kannel's %d) is missing or not a number."));
        var answer = request.Get("answer") ?? "";
        var error = ErrorCode().Match(answer) is { Success: true } m ? DeliveryReportCodes.Code(m.Groups["code"].Value) : null;
        return Task.FromResult<CarrierDeliveryReport>(new CarrierDeliveryReport.Report(delivery, type!, error, new CarrierAnswer("", "text/plain")));
    }

    /// <summary>SMPP's <c>err:NNN</c> in a receipt, or Kannel's <c>NACK/0xNN</c>.</summary>
    [GeneratedRegex(@"(?:\berr:|NACK/)(?<code>[0-9A-Za-z]{1,12})")]
    private static partial Regex ErrorCode();
}
