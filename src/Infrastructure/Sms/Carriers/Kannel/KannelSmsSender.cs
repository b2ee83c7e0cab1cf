using System.Net;
using Microsoft.Extensions.Options;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms.Segments;
using SmsCallback.Domain.Sms;
using S = SmsCallback.Application.AccessNumbers.CarrierSetting;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Kannel smsbox: <c>GET {sendSmsUrl}?username&amp;password&amp;from&amp;to&amp;text&amp;charset=UTF-8</c> (+ <c>coding=2</c> for UCS-2, and <c>dlr-mask=31</c> with our <c>dlr-url</c>, docs/delivery-reports.md);
/// 202 "0: Accepted for delivery" or "3: Queued for later delivery"; 403 bad credentials, other 4xx bad request, 503 try later.</summary>
public sealed class KannelSmsSender(HttpClient http, ICarrierAccounts accounts, IOptions<CarrierUrlOptions> urls, DeliveryReportUrls reports)
    : CarrierSmsSender(http, accounts, urls)
{
    public override string Channel => SmsChannels.Kannel;

    protected override HttpRequestMessage Build(CarrierAccount account, OutgoingSms sms)
    {
        var query = new List<KeyValuePair<string, string>>
        {
            new("username", account.Setting(S.Username) ?? ""), new("password", account.SecretValue(S.Password) ?? ""),
            new("from", account.Number), new("to", sms.To), new("text", sms.Text), new("charset", "UTF-8"),
        };
        if (!SmsSegments.IsGsm7(sms.Text)) query.Add(new("coding", "2"));
        if (reports.ForKannel(sms.Id) is { } dlrUrl) query.AddRange([new("dlr-mask", "31"), new("dlr-url", dlrUrl)]);
        var url = account.Setting(S.SendSmsUrl)!;
        var separator = url.Contains('?') ? "&" : "?";
        return new HttpRequestMessage(HttpMethod.Get,
            url + separator + string.Join('&', query.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")));
    }

    protected override SmsSendResult Interpret(HttpStatusCode status, string body) =>
        status is HttpStatusCode.Accepted or HttpStatusCode.OK
            ? SmsSendResult.Success(null)
            : SmsSendResult.Failure(Failed(status), IsTransient(status));
}
