using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Sms;
using S = SmsCallback.Application.AccessNumbers.CarrierSetting;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Plivo: <c>POST {baseUrl}/v1/Account/{authId}/Message/</c>, Basic auth, JSON src, dst, text (+ the status <c>url</c>, docs/delivery-reports.md); 202 with <c>{"message_uuid":[…]}</c>,
/// or <c>{"error"}</c>.</summary>
public sealed class PlivoSmsSender(HttpClient http, ICarrierAccounts accounts, IOptions<CarrierUrlOptions> urls, DeliveryReportUrls reports)
    : CarrierSmsSender(http, accounts, urls)
{
    public override string Channel => SmsChannels.Plivo;

    protected override HttpRequestMessage Build(CarrierAccount account, OutgoingSms sms)
    {
        var authId = account.Setting(S.AuthId)!;
        return new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl(account, "https://api.plivo.com")}/v1/Account/{Uri.EscapeDataString(authId)}/Message/")
        {
            Headers = { Authorization = Basic(authId, account.SecretValue(S.AuthToken) ?? "") },
            Content = reports.For(Channel, sms.Id) is { } callback
                ? JsonContent.Create(new { src = account.Number.TrimStart('+'), dst = sms.To.TrimStart('+'), text = sms.Text, url = callback, method = "POST" })
                : JsonContent.Create(new { src = account.Number.TrimStart('+'), dst = sms.To.TrimStart('+'), text = sms.Text }),
        };
    }

    protected override SmsSendResult Interpret(HttpStatusCode status, string body)
    {
        var json = Json.TryParse(body);
        if ((int)status is >= 200 and < 300)
            return json is { } j && j.TryGetProperty("message_uuid", out var ids) && ids.ValueKind == JsonValueKind.Array && ids.GetArrayLength() > 0
                ? SmsSendResult.Success(ids[0].GetString())
                : SmsSendResult.Failure($"plivo {(int)status}: unreadable answer", transient: false);
        return SmsSendResult.Failure(Failed(status), IsTransient(status));
    }
}
