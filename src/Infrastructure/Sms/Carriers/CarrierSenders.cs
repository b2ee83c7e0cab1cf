using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Options;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms.Segments;
using S = SmsCallback.Application.AccessNumbers.CarrierSetting;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Twilio: <c>POST {baseUrl}/2010-04-01/Accounts/{AccountSid}/Messages.json</c>, Basic auth (AccountSid, AuthToken), form To, From, Body;
/// 201 with <c>{"sid"}</c>, or an error <c>{"code","message"}</c>.</summary>
public sealed class TwilioSmsSender(HttpClient http, ICarrierAccounts accounts, IOptions<CarrierUrlOptions> urls)
    : CarrierSmsSender(http, accounts, urls)
{
    public override string Channel => "twilio";

    protected override HttpRequestMessage Build(CarrierAccount account, OutgoingSms sms)
    {
        var sid = account.Setting(S.AccountSid)!;
        return new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl(account, "https://api.twilio.com")}/2010-04-01/Accounts/{Uri.EscapeDataString(sid)}/Messages.json")
        {
            Headers = { Authorization = Basic(sid, account.SecretValue(S.AuthToken) ?? "") },
            Content = new FormUrlEncodedContent([new("To", sms.To), new("From", account.Number), new("Body", sms.Text)]),
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

/// <summary>Vonage SMS API: <c>POST {baseUrl}/sms/json</c> form api_key, api_secret, from, to, text (+ <c>type=unicode</c> for UCS-2);
/// 200 with per-part <c>messages[].status</c> ("0" sent, "1" throttled) and <c>error-text</c>.</summary>
public sealed class VonageSmsSender(HttpClient http, ICarrierAccounts accounts, IOptions<CarrierUrlOptions> urls)
    : CarrierSmsSender(http, accounts, urls)
{
    public override string Channel => "vonage";

    protected override HttpRequestMessage Build(CarrierAccount account, OutgoingSms sms)
    {
        List<KeyValuePair<string, string>> form =
        [
            new("api_key", account.Setting(S.ApiKey) ?? ""), new("api_secret", account.SecretValue(S.ApiSecret) ?? ""),
            new("from", account.Number.TrimStart('+')), new("to", sms.To.TrimStart('+')), new("text", sms.Text),
        ];
        if (!SmsSegments.IsGsm7(sms.Text)) form.Add(new("type", "unicode"));
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

/// <summary>Plivo: <c>POST {baseUrl}/v1/Account/{authId}/Message/</c>, Basic auth, JSON src, dst, text; 202 with <c>{"message_uuid":[…]}</c>,
/// or <c>{"error"}</c>.</summary>
public sealed class PlivoSmsSender(HttpClient http, ICarrierAccounts accounts, IOptions<CarrierUrlOptions> urls)
    : CarrierSmsSender(http, accounts, urls)
{
    public override string Channel => "plivo";

    protected override HttpRequestMessage Build(CarrierAccount account, OutgoingSms sms)
    {
        var authId = account.Setting(S.AuthId)!;
        return new HttpRequestMessage(HttpMethod.Post, $"{BaseUrl(account, "https://api.plivo.com")}/v1/Account/{Uri.EscapeDataString(authId)}/Message/")
        {
            Headers = { Authorization = Basic(authId, account.SecretValue(S.AuthToken) ?? "") },
            Content = JsonContent.Create(new { src = account.Number.TrimStart('+'), dst = sms.To.TrimStart('+'), text = sms.Text }),
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

/// <summary>Kannel smsbox: <c>GET {sendSmsUrl}?username&amp;password&amp;from&amp;to&amp;text&amp;charset=UTF-8</c> (+ <c>coding=2</c> for UCS-2);
/// 202 "0: Accepted for delivery" or "3: Queued for later delivery"; 403 bad credentials, other 4xx bad request, 503 try later.</summary>
public sealed class KannelSmsSender(HttpClient http, ICarrierAccounts accounts, IOptions<CarrierUrlOptions> urls)
    : CarrierSmsSender(http, accounts, urls)
{
    public override string Channel => "kannel";

    protected override HttpRequestMessage Build(CarrierAccount account, OutgoingSms sms)
    {
        var query = new List<KeyValuePair<string, string>>
        {
            new("username", account.Setting(S.Username) ?? ""), new("password", account.SecretValue(S.Password) ?? ""),
            new("from", account.Number), new("to", sms.To), new("text", sms.Text), new("charset", "UTF-8"),
        };
        if (!SmsSegments.IsGsm7(sms.Text)) query.Add(new("coding", "2"));
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

internal static class Json
{
    public static JsonElement? TryParse(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static string? String(JsonElement? element, string name) =>
        element is { ValueKind: JsonValueKind.Object } e && e.TryGetProperty(name, out var p)
            ? p.ValueKind == JsonValueKind.String ? p.GetString() : p.GetRawText()
            : null;
}
