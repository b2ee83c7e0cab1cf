using System.Net;
using Microsoft.Extensions.Options;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Sms;
using S = SmsCallback.Application.AccessNumbers.CarrierSetting;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Twilio: <c>POST {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>, Basic auth (AccountSid, AuthToken), form To, From, Body (+ <c>StatusCallback</c>, docs/delivery-reports.md);
/// 201 with <c>{"sid"}</c>, or an error <c>{"code","message"}</c>.</summary>
public sealed class TwilioSmsSender(HttpClient http, ICarrierAccounts accounts, IOptions<CarrierUrlOptions> urls, DeliveryReportUrls reports)
    : CarrierSmsSender(http, accounts, urls)
{
    public override string Channel => SmsChannels.Twilio;

    protected override HttpRequestMessage Build(CarrierAccount account, OutgoingSms sms)
    {
        var sid = account.Setting(S.AccountSid)!;
        List<KeyValuePair<string, string>> form = [new("To", sms.To), new("From", account.Number), new("Body", sms.Text)];
        if (reports.For(Channel, sms.Id) is { } callback) form.Add(new("StatusCallback", callback));
        return new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl(account, "https://api.twilio.com")}/2010-04-01/Accounts/{Uri.EscapeDataString(sid)}/Messages.json")
        {
            Headers = { Authorization = Basic(sid, account.SecretValue(S.AuthToken) ?? "") },
            Content = new FormUrlEncodedContent(form),
        };
    }

    protected override SmsSendResult Interpret(HttpStatusCode status, string body)
    {
        var json = Json.TryParse(body);
        if ((int)status is >= 200 and < 300 && Json.String(json, "sid") is { } sid) return SmsSendResult.Success(sid);
        var code = Code(Json.String(json, "code")) is { } c ? $" (error {c})" : "";
        return SmsSendResult.Failure(Failed(status) + code, IsTransient(status));
    }
}
