using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms.Segments;
using SmsCallback.Domain.Sms;
using S = SmsCallback.Application.AccessNumbers.CarrierSetting;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Vonage SMS API: <c>POST {baseUrl}/sms/json</c> form api_key, api_secret, from, to, text (+ <c>type=unicode</c> for UCS-2, and the receipt's <c>callback</c> and <c>client-ref</c>, docs/delivery-reports.md);
/// 200 with per-part <c>messages[].status</c> ("0" sent, "1" throttled) and <c>error-text</c>.</summary>
public sealed class VonageSmsSender(HttpClient http, ICarrierAccounts accounts, IOptions<CarrierUrlOptions> urls, DeliveryReportUrls reports)
    : CarrierSmsSender(http, accounts, urls)
{
    public override string Channel => SmsChannels.Vonage;

    protected override HttpRequestMessage Build(CarrierAccount account, OutgoingSms sms)
    {
        List<KeyValuePair<string, string>> form =
        [
            new("api_key", account.Setting(S.ApiKey) ?? ""), new("api_secret", account.SecretValue(S.ApiSecret) ?? ""),
            new("from", account.Number.TrimStart('+')), new("to", sms.To.TrimStart('+')), new("text", sms.Text),
        ];
        if (!SmsSegments.IsGsm7(sms.Text)) form.Add(new("type", "unicode"));
        if (reports.For(Channel, sms.Id) is { } callback)
            form.AddRange([new("status-report-req", "1"), new("callback", callback), new("client-ref", sms.Id.ToString())]);
        return new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl(account, "https://rest.nexmo.com")}/sms/json") { Content = new FormUrlEncodedContent(form) };
    }

    /// <summary>Vonage's documented SMS API status codes, in our words (the answer's own <c>error-text</c> is not copied).</summary>
    private static string VonageStatus(string code) => code switch
    {
        "1" => "Throttled",
        "2" => "Missing parameters",
        "3" => "Invalid parameters",
        "4" => "Invalid credentials",
        "5" => "Internal error",
        "6" => "Invalid message",
        "7" => "Number barred",
        "8" => "Partner account barred",
        "9" => "Partner quota violation",
        "15" => "Invalid sender address",
        "29" => "Non-whitelisted destination",
        _ => "Refused",
    };

    protected override SmsSendResult Interpret(HttpStatusCode status, string body)
    {
        if ((int)status is < 200 or >= 300) return SmsSendResult.Failure(Failed(status), IsTransient(status));
        var messages = Json.TryParse(body) is { } json && json.TryGetProperty("messages", out var m) && m.ValueKind == JsonValueKind.Array
            ? m.EnumerateArray().ToList() : [];
        if (messages.Count == 0) return SmsSendResult.Failure($"vonage {(int)status}: unreadable answer", transient: false);
        var failed = messages.FirstOrDefault(p => Json.String(p, "status") != "0");
        if (failed.ValueKind == JsonValueKind.Undefined) return SmsSendResult.Success(Json.String(messages[0], "message-id"));
        var code = Code(Json.String(failed, "status")) ?? "?";
        return SmsSendResult.Failure($"vonage status {code}: {VonageStatus(code)}", transient: code is "1" or "5");
    }
}
