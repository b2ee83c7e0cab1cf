using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Web;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Infrastructure.IntegrationTests.Sms;
using SmsCallback.Infrastructure.Sms.Carriers;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Delivery reports through the real pipeline (docs/delivery-reports.md): a reply leaves through each carrier's (fake) API asking for a
/// report at our URL; the test posts the report as the carrier would, signed the carrier's way, and reads the outbox. Forged and unsigned
/// reports are refused and change nothing; repeated and late reports never move a final state.</summary>
public sealed class DeliveryReportTests : IDisposable
{
    private const string TwilioToken = "twilio-auth-token-1";
    private const string PlivoToken = "plivo-auth-token-1";
    private const string VonageSigning = "vonage-signature-secret";
    private const string KannelSecret = "kannel-url-secret-0123456789";
    private const string Base = "http://localhost";
    private const string AccessNumber = "48500100200";
    private const string Phone = "48600316058";

    private readonly SmsCallbackApp _app = new(settings: new Dictionary<string, string?>
    {
        ["Sms:CarrierUrls:AllowHttpToLoopback"] = "true", // the fake carriers listen on http://127.0.0.1
        ["Sms:PublicBaseUrl"] = Base,
    });

    public void Dispose() => _app.Dispose();

    private static KeyValuePair<string, string> P(string k, string v) => new(k, v);

    private async Task<HttpClient> SetUpAsync(object accessNumber)
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", Phone);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/access-numbers", accessNumber)).StatusCode);
        return admin;
    }

    private Task<HttpResponseMessage> PostFormAsync(string path, List<KeyValuePair<string, string>> form, params (string, string)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return _app.CreateClient().SendAsync(request);
    }

    private static async Task<JsonElement> SentReplyAsync(HttpClient admin) =>
        (await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"),
            o => o.Length == 1 && o[0].GetProperty("status").GetString() == "Sent", "the reply accepted by the carrier"))[0];

    private static async Task<JsonElement> OutboxAsync(HttpClient admin) => Assert.Single(await GetArrayAsync(admin, "/api/admin/sms/outbox"));

    private static string? Str(JsonElement e, string name) => e.GetProperty(name).ValueKind == JsonValueKind.Null ? null : e.GetProperty(name).GetString();

    private static void AssertUnreported(JsonElement sms)
    {
        Assert.Equal("Sent", Str(sms, "state"));
        Assert.Null(Str(sms, "carrierStatus"));
        Assert.Null(Str(sms, "reportedAt"));
    }

    [Fact]
    public async Task Twilio_status_callback_marks_the_reply_delivered_once_and_forged_unsigned_or_late_reports_change_nothing()
    {
        using var twilioApi = new FakeCarrierServer(201, """{"sid":"SM-reply-1","status":"queued"}""");
        var admin = await SetUpAsync(new { number = "+" + AccessNumber, channel = "twilio", twilio = new { accountSid = "AC1", authToken = TwilioToken, baseUrl = twilioApi.BaseUrl } });
        List<KeyValuePair<string, string>> inbound = [P("MessageSid", "SM0001"), P("AccountSid", "AC1"), P("From", "+" + Phone), P("To", "+" + AccessNumber), P("Body", "HELP")];
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync("/api/sms/inbound/twilio", inbound,
            ("X-Twilio-Signature", TwilioSignature.Compute(TwilioToken, Base + "/api/sms/inbound/twilio", inbound)))).StatusCode);
        var reply = await SentReplyAsync(admin);
        var id = reply.GetProperty("id").GetGuid();

        // The sender asked Twilio for a status callback at our URL for this very SMS.
        var callback = HttpUtility.ParseQueryString(Assert.Single(twilioApi.Requests).Body)["StatusCallback"];
        Assert.Equal($"{Base}/api/sms/status/twilio/{id}", callback);
        var path = new Uri(callback!).PathAndQuery;

        List<KeyValuePair<string, string>> Report(string status, string? error = null)
        {
            List<KeyValuePair<string, string>> form = [P("MessageSid", "SM-reply-1"), P("MessageStatus", status), P("AccountSid", "AC1"),
                P("From", "+" + AccessNumber), P("To", "+" + Phone), P("ApiVersion", "2010-04-01")];
            if (error is not null) form.Add(P("ErrorCode", error));
            return form;
        }
        var delivered = Report("delivered");
        var signature = TwilioSignature.Compute(TwilioToken, callback!, delivered);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostFormAsync(path, delivered)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(path, delivered, ("X-Twilio-Signature", TwilioSignature.Compute("not-the-token", callback!, delivered)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(path, Report("failed", "30003"), ("X-Twilio-Signature", signature))).StatusCode); // the form changed
        AssertUnreported(await OutboxAsync(admin));

        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(path, delivered, ("X-Twilio-Signature", signature))).StatusCode);
        var sms = await OutboxAsync(admin);
        Assert.Equal(("Delivered", "delivered", "Sent"), (Str(sms, "state"), Str(sms, "carrierStatus"), Str(sms, "status")));
        Assert.Equal("SM-reply-1", Str(sms, "externalId"));
        var deliveredAt = sms.GetProperty("deliveredAt").GetDateTimeOffset();

        // Twilio retries, and a late "sent" arrives after "delivered": answered 200, nothing moves back.
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(path, delivered, ("X-Twilio-Signature", signature))).StatusCode);
        var late = Report("sent");
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(path, late, ("X-Twilio-Signature", TwilioSignature.Compute(TwilioToken, callback!, late)))).StatusCode);
        sms = await OutboxAsync(admin);
        Assert.Equal(("Delivered", "delivered"), (Str(sms, "state"), Str(sms, "carrierStatus")));
        Assert.Equal(deliveredAt, sms.GetProperty("deliveredAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Twilio_report_for_an_sms_we_do_not_know_is_answered_200_and_stores_nothing_but_a_forged_one_is_still_refused()
    {
        var admin = await SetUpAsync(new { number = "+" + AccessNumber, channel = "twilio", twilio = new { accountSid = "AC1", authToken = TwilioToken } });
        var unknown = Guid.CreateVersion7();
        var url = $"{Base}/api/sms/status/twilio/{unknown}";
        List<KeyValuePair<string, string>> report = [P("MessageSid", "SM-x"), P("MessageStatus", "delivered"), P("From", "+" + AccessNumber), P("To", "+" + Phone)];

        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(new Uri(url).PathAndQuery, report, ("X-Twilio-Signature", TwilioSignature.Compute(TwilioToken, url, report)))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(new Uri(url).PathAndQuery, report, ("X-Twilio-Signature", TwilioSignature.Compute("forged", url, report)))).StatusCode);
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/sms/outbox"));
    }

    [Fact]
    public async Task Vonage_signed_receipt_marks_the_reply_failed_with_the_error_code_and_forged_or_unsigned_receipts_are_refused()
    {
        using var vonageApi = new FakeCarrierServer(200, """{"message-count":"1","messages":[{"status":"0","message-id":"0A1"}]}""");
        var admin = await SetUpAsync(new
        {
            number = AccessNumber, channel = "vonage",
            vonage = new { apiKey = "k1", apiSecret = "s1", signatureSecret = VonageSigning, signatureMethod = "sha256", baseUrl = vonageApi.BaseUrl },
        });
        var now = _app.Clock.GetUtcNow().ToUnixTimeSeconds().ToString();
        List<KeyValuePair<string, string>> inbound = [P("msisdn", Phone), P("to", AccessNumber), P("messageId", "V1"), P("text", "HELP"), P("timestamp", now)];
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync("/api/sms/inbound/vonage", [.. inbound, P("sig", VonageSignature.Compute("sha256", VonageSigning, inbound))])).StatusCode);
        var id = (await SentReplyAsync(admin)).GetProperty("id").GetGuid();

        var sent = HttpUtility.ParseQueryString(Assert.Single(vonageApi.Requests).Body);
        Assert.Equal(($"{Base}/api/sms/status/vonage/{id}", "1", id.ToString()), (sent["callback"], sent["status-report-req"], sent["client-ref"]));
        var path = new Uri(sent["callback"]!).PathAndQuery;

        List<KeyValuePair<string, string>> receipt =
        [
            P("msisdn", Phone), P("to", AccessNumber), P("network-code", "26003"), P("messageId", "0A1"), P("price", "0.03"), P("status", "failed"),
            P("scts", "2612021430"), P("err-code", "6"), P("api-key", "k1"), P("client-ref", id.ToString()),
            P("message-timestamp", "2026-12-02 14:30:00"), P("timestamp", now),
        ];
        var sig = VonageSignature.Compute("sha256", VonageSigning, receipt);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostFormAsync(path, receipt)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(path, [.. receipt, P("sig", VonageSignature.Compute("sha256", "forged", receipt))])).StatusCode);
        List<KeyValuePair<string, string>> tampered = [.. receipt.Select(p => p.Key == "status" ? P("status", "delivered") : p), P("sig", sig)];
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(path, tampered)).StatusCode);
        AssertUnreported(await OutboxAsync(admin));

        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(path, [.. receipt, P("sig", sig)])).StatusCode);
        var sms = await OutboxAsync(admin);
        Assert.Equal(("Failed", "failed", "6"), (Str(sms, "state"), Str(sms, "carrierStatus"), Str(sms, "carrierErrorCode")));
        Assert.NotNull(Str(sms, "failedAt"));

        // A "delivered" after the final "failed" is answered and ignored: the first final report wins.
        List<KeyValuePair<string, string>> late = [.. receipt.Where(p => p.Key is not ("status" or "err-code")), P("status", "delivered"), P("err-code", "0")];
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(path, [.. late, P("sig", VonageSignature.Compute("sha256", VonageSigning, late))])).StatusCode);
        Assert.Equal("Failed", Str(await OutboxAsync(admin), "state"));
    }

    [Fact]
    public async Task Plivo_status_url_marks_the_reply_delivered_and_a_wrong_nonce_or_missing_signature_is_refused()
    {
        using var plivoApi = new FakeCarrierServer(202, """{"api_id":"a1","message":"message(s) queued","message_uuid":["p-uuid-1"]}""");
        var admin = await SetUpAsync(new { number = AccessNumber, channel = "plivo", plivo = new { authId = "MA1", authToken = PlivoToken, baseUrl = plivoApi.BaseUrl } });
        List<KeyValuePair<string, string>> inbound = [P("From", Phone), P("To", AccessNumber), P("Type", "sms"), P("Text", "HELP"), P("MessageUUID", "in-1")];
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync("/api/sms/inbound/plivo", inbound,
            ("X-Plivo-Signature-V3", PlivoSignatureV3.Compute(PlivoToken, Base + "/api/sms/inbound/plivo", inbound, "n1")), ("X-Plivo-Signature-V3-Nonce", "n1"))).StatusCode);
        var id = (await SentReplyAsync(admin)).GetProperty("id").GetGuid();

        var sent = JsonDocument.Parse(Assert.Single(plivoApi.Requests).Body).RootElement;
        Assert.Equal(($"{Base}/api/sms/status/plivo/{id}", "POST"), (sent.GetProperty("url").GetString(), sent.GetProperty("method").GetString()));
        var url = sent.GetProperty("url").GetString()!;

        List<KeyValuePair<string, string>> Report(string status) =>
            [P("From", AccessNumber), P("To", Phone), P("MessageUUID", "p-uuid-1"), P("Status", status), P("TotalAmount", "0.0035"), P("Units", "1")];
        var delivered = Report("delivered");
        var signature = PlivoSignatureV3.Compute(PlivoToken, url, delivered, "nonce-42");
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostFormAsync(new Uri(url).PathAndQuery, delivered, ("X-Plivo-Signature-V3", signature))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(new Uri(url).PathAndQuery, delivered,
            ("X-Plivo-Signature-V3", signature), ("X-Plivo-Signature-V3-Nonce", "nonce-43"))).StatusCode);
        AssertUnreported(await OutboxAsync(admin));

        var queued = Report("queued");
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(new Uri(url).PathAndQuery, queued,
            ("X-Plivo-Signature-V3", PlivoSignatureV3.Compute(PlivoToken, url, queued, "n2")), ("X-Plivo-Signature-V3-Nonce", "n2"))).StatusCode);
        Assert.Equal(("Sent", "queued"), (Str(await OutboxAsync(admin), "state"), Str(await OutboxAsync(admin), "carrierStatus")));

        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(new Uri(url).PathAndQuery, delivered,
            ("X-Plivo-Signature-V3", signature), ("X-Plivo-Signature-V3-Nonce", "nonce-42"))).StatusCode);
        var sms = await OutboxAsync(admin);
        Assert.Equal(("Delivered", "delivered", "p-uuid-1"), (Str(sms, "state"), Str(sms, "carrierStatus"), Str(sms, "externalId")));
    }

    [Fact]
    public async Task Kannel_dlr_url_carries_a_token_for_the_one_sms_and_the_query_kannel_sends_records_the_report()
    {
        using var sendsms = new FakeCarrierServer(202, "0: Accepted for delivery");
        var admin = await SetUpAsync(new
        {
            number = AccessNumber, channel = "kannel", secret = KannelSecret,
            kannel = new { sendSmsUrl = sendsms.BaseUrl + "/cgi-bin/sendsms", username = "u", password = "p" },
        });
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient().GetAsync(
            $"/api/sms/inbound/kannel?secret={KannelSecret}&id=k-1&from={Phone}&to={AccessNumber}&text=HELP")).StatusCode);
        var id = (await SentReplyAsync(admin)).GetProperty("id").GetGuid();

        var query = HttpUtility.ParseQueryString(new Uri(sendsms.BaseUrl + Assert.Single(sendsms.Requests).PathAndQuery).Query);
        Assert.Equal("31", query["dlr-mask"]);
        var dlrUrl = query["dlr-url"]!;
        var token = _app.Services.GetRequiredService<DeliveryReportUrls>().Token(id);
        Assert.Equal($"{Base}/api/sms/status/kannel/{id}?token={token}&type=%d&answer=%A", dlrUrl);

        // What smsbox calls: %d and %A filled in (URL-encoded); here "accepted by the SMSC", then an SMPP receipt "delivered".
        string Kannel(string type, string answer, string? withToken = null) =>
            new Uri(dlrUrl.Replace("%d", type).Replace("%A", Uri.EscapeDataString(answer)).Replace(token, withToken ?? token)).PathAndQuery;
        var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync($"/api/sms/status/kannel/{id}?type=1&answer=x")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Kannel("1", "ACK/", new string('0', token.Length)))).StatusCode);
        var other = _app.Services.GetRequiredService<DeliveryReportUrls>().Token(Guid.CreateVersion7());
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Kannel("1", "ACK/", other))).StatusCode); // another SMS's token
        AssertUnreported(await OutboxAsync(admin));

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Kannel("8", "ACK/"))).StatusCode);
        Assert.Equal(("Sent", "8"), (Str(await OutboxAsync(admin), "state"), Str(await OutboxAsync(admin), "carrierStatus")));
        var receipt = "id:0012345 sub:001 dlvrd:001 submit date:2612021430 done date:2612021431 stat:DELIVRD err:000 text:Pomoc";
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Kannel("1", receipt))).StatusCode);
        var sms = await OutboxAsync(admin);
        Assert.Equal(("Delivered", "1", "000"), (Str(sms, "state"), Str(sms, "carrierStatus"), Str(sms, "carrierErrorCode")));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(Kannel("16", "NACK/0x45/Message submit failed"))).StatusCode); // too late: final
        Assert.Equal("Delivered", Str(await OutboxAsync(admin), "state"));
    }

    [Fact]
    public async Task Kannel_failed_report_keeps_the_smsc_error_code()
    {
        using var sendsms = new FakeCarrierServer(202, "0: Accepted for delivery");
        var admin = await SetUpAsync(new
        {
            number = AccessNumber, channel = "kannel", secret = KannelSecret,
            kannel = new { sendSmsUrl = sendsms.BaseUrl + "/cgi-bin/sendsms", username = "u", password = "p" },
        });
        Assert.Equal(HttpStatusCode.OK, (await _app.CreateClient().GetAsync(
            $"/api/sms/inbound/kannel?secret={KannelSecret}&id=k-2&from={Phone}&to={AccessNumber}&text=HELP")).StatusCode);
        var id = (await SentReplyAsync(admin)).GetProperty("id").GetGuid();
        var token = _app.Services.GetRequiredService<DeliveryReportUrls>().Token(id);

        var client = _app.CreateClient();
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/sms/status/kannel/{id}?token={token}&type=%25d&answer=")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/sms/status/kannel/{id}?token={token}&type=16&answer={Uri.EscapeDataString("NACK/0x45/Message submit failed")}")).StatusCode);
        var sms = await OutboxAsync(admin);
        Assert.Equal(("Failed", "16", "0x45"), (Str(sms, "state"), Str(sms, "carrierStatus"), Str(sms, "carrierErrorCode")));
        Assert.Equal("Sent", Str(sms, "status")); // our side sent it; the SMSC refused it
    }
}
