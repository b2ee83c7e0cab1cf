using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Infrastructure.IntegrationTests.Sms;
using SmsCallback.Infrastructure.Sms.Carriers;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Access numbers through the admin API and each carrier's webhook through the real pipeline: verification, answers, dedupe.</summary>
public sealed class CarrierWebhookTests : IDisposable
{
    private const string TwilioToken = "twilio-auth-token-1";
    private const string PlivoToken = "plivo-auth-token-1";
    private const string VonageSigning = "vonage-signature-secret";
    private const string KannelSecret = "kannel-url-secret-0123456789";
    private const string Base = "http://localhost";

    /// <summary>The fake carriers listen on http://127.0.0.1, which only the development setting allows.</summary>
    private readonly SmsCallbackApp _app = new(settings: new Dictionary<string, string?> { ["Sms:CarrierUrls:AllowHttpToLoopback"] = "true" });

    public void Dispose() => _app.Dispose();

    private static KeyValuePair<string, string> P(string k, string v) => new(k, v);

    private async Task<Guid> RegisterAsync(HttpClient admin, object body)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/access-numbers", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private Task<HttpResponseMessage> PostFormAsync(string path, List<KeyValuePair<string, string>> form, params (string, string)[] headers)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(form) };
        foreach (var (name, value) in headers) request.Headers.TryAddWithoutValidation(name, value);
        return _app.CreateClient().SendAsync(request);
    }

    private static async Task<JsonElement[]> InboxAsync(HttpClient admin) => await GetArrayAsync(admin, "/api/admin/sms/inbox");

    [Fact]
    public async Task Access_numbers_are_created_listed_read_and_deleted_and_their_secrets_never_come_back()
    {
        var admin = await _app.AdminClientAsync();
        var id = await RegisterAsync(admin, new
        {
            number = "+48500100200", channel = "twilio", secret = "top-level-secret",
            twilio = new { accountSid = "AC1", authToken = TwilioToken, baseUrl = "http://127.0.0.1:9" },
        });

        var one = await admin.GetStringAsync($"/api/admin/access-numbers/{id}");
        var list = await admin.GetStringAsync("/api/admin/access-numbers");
        Assert.Contains("\"accountSid\":\"AC1\"", one);
        Assert.Contains("\"channel\":\"twilio\"", list);
        foreach (var body in new[] { one, list })
        {
            Assert.DoesNotContain(TwilioToken, body);
            Assert.DoesNotContain("top-level-secret", body);
            Assert.DoesNotContain("authToken", body);
        }

        // At rest: only Data Protection's ciphertext.
        SqliteConnection.ClearAllPools();
        await using (var db = new SqliteConnection($"Data Source={_app.AppDatabasePath};Mode=ReadOnly"))
        {
            await db.OpenAsync();
            var command = db.CreateCommand();
            command.CommandText = "SELECT ProtectedSecrets || SettingsJson FROM AccessNumbers";
            var stored = (string)(await command.ExecuteScalarAsync())!;
            Assert.DoesNotContain(TwilioToken, stored);
            Assert.DoesNotContain("top-level-secret", stored);
        }

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/admin/access-numbers",
            new { number = "48500100200", channel = "plivo", plivo = new { authId = "MA", authToken = "t" } })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/access-numbers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/access-numbers/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/api/admin/access-numbers")).StatusCode);
    }

    [Fact]
    public async Task Incomplete_settings_are_refused_with_the_field_to_fix()
    {
        var admin = await _app.AdminClientAsync();
        var noSecret = await admin.PostAsJsonAsync("/api/admin/access-numbers",
            new { number = "48500100201", channel = "kannel", kannel = new { sendSmsUrl = "http://127.0.0.1:13013/cgi-bin/sendsms", username = "u", password = "p" } });
        Assert.Equal(HttpStatusCode.BadRequest, noSecret.StatusCode);
        Assert.Contains("Secret", await noSecret.Content.ReadAsStringAsync());

        var badChannel = await admin.PostAsJsonAsync("/api/admin/access-numbers", new { number = "48500100202", channel = "pigeon" });
        Assert.Equal(HttpStatusCode.BadRequest, badChannel.StatusCode);
        var noToken = await admin.PostAsJsonAsync("/api/admin/access-numbers", new { number = "48500100203", channel = "twilio", twilio = new { accountSid = "AC1" } });
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
    }

    private static List<KeyValuePair<string, string>> TwilioForm(string sid, string text = "D.48774417880") =>
    [
        P("ToCountry", "PL"), P("SmsMessageSid", sid), P("NumMedia", "0"), P("SmsSid", sid), P("SmsStatus", "received"), P("Body", text),
        P("To", "+48500100200"), P("NumSegments", "1"), P("MessageSid", sid), P("AccountSid", "AC1"), P("From", "+48600316058"), P("ApiVersion", "2010-04-01"),
    ];

    [Fact]
    public async Task Twilio_signed_sms_becomes_a_callback_and_the_reply_leaves_through_twilios_api_from_the_access_number()
    {
        using var twilioApi = new FakeCarrierServer(201, """{"sid":"SM-reply-1","status":"queued"}""");
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        await RegisterAsync(admin, new { number = "+48500100200", channel = "twilio", twilio = new { accountSid = "AC1", authToken = TwilioToken, baseUrl = twilioApi.BaseUrl } });

        var form = TwilioForm("SM0001");
        var signature = TwilioSignature.Compute(TwilioToken, Base + "/api/sms/inbound/twilio", form);
        var response = await PostFormAsync("/api/sms/inbound/twilio", form, ("X-Twilio-Signature", signature));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("<Response></Response>", await response.Content.ReadAsStringAsync());

        var again = await PostFormAsync("/api/sms/inbound/twilio", form, ("X-Twilio-Signature", signature)); // Twilio's retry
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);

        var outbox = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"),
            o => o.Length == 1 && o[0].GetProperty("status").GetString() == "Sent", "the reply sent through Twilio");
        Assert.Equal(("twilio", "+48500100200"), (outbox[0].GetProperty("channel").GetString(), outbox[0].GetProperty("from").GetString()));
        var sent = Assert.Single(twilioApi.Requests);
        Assert.Equal("/2010-04-01/Accounts/AC1/Messages.json", sent.PathAndQuery);
        Assert.Contains("From=%2B48500100200", sent.Body);
        Assert.Single(await InboxAsync(admin));
        Assert.Single(await GetArrayAsync(admin, "/api/admin/callbacks"));
    }

    [Fact]
    public async Task Twilio_without_header_is_401_and_with_a_wrong_signature_or_url_403_and_nothing_is_stored()
    {
        var admin = await _app.AdminClientAsync();
        await RegisterAsync(admin, new { number = "+48500100200", channel = "twilio", twilio = new { accountSid = "AC1", authToken = TwilioToken } });
        var form = TwilioForm("SM0002");
        var signature = TwilioSignature.Compute(TwilioToken, Base + "/api/sms/inbound/twilio", form);

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostFormAsync("/api/sms/inbound/twilio", form)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync("/api/sms/inbound/twilio?x=1", form, ("X-Twilio-Signature", signature))).StatusCode);
        var changed = TwilioForm("SM0002", "D.48774417881");
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync("/api/sms/inbound/twilio", changed, ("X-Twilio-Signature", signature))).StatusCode);
        Assert.Empty(await InboxAsync(admin));
    }

    [Fact]
    public async Task Vonage_unsigned_get_json_and_signed_requests_are_verified_and_answered_200()
    {
        var admin = await _app.AdminClientAsync();
        await RegisterAsync(admin, new { number = "48500100200", channel = "vonage", vonage = new { apiKey = "k1", apiSecret = "s1", allowUnsigned = true } });
        await RegisterAsync(admin, new
        {
            number = "48500100300", channel = "vonage",
            vonage = new { apiKey = "k2", apiSecret = "s2", signatureSecret = VonageSigning, signatureMethod = "sha256" },
        });
        var client = _app.CreateClient();

        var get = await client.GetAsync("/api/sms/inbound/vonage?msisdn=48600316058&to=48500100200&messageId=V1&text=HELP&type=text&keyword=HELP&message-timestamp=2026-11-26+10%3A00%3A00");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var json = await client.PostAsync("/api/sms/inbound/vonage", new StringContent(
            """{"msisdn":"48600316058","to":"48500100200","messageId":"V2","text":"HELP","type":"text"}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/sms/inbound/vonage",
            new StringContent("""{"msisdn":"4860""", Encoding.UTF8, "application/json"))).StatusCode);

        List<KeyValuePair<string, string>> signed = [P("msisdn", "48600316058"), P("to", "48500100300"), P("messageId", "V3"), P("text", "HELP"),
            P("timestamp", _app.Clock.GetUtcNow().ToUnixTimeSeconds().ToString())]; // within 5 minutes of the service clock
        var sig = VonageSignature.Compute("sha256", VonageSigning, signed);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostFormAsync("/api/sms/inbound/vonage", signed)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync("/api/sms/inbound/vonage", [.. signed, P("sig", new string('0', 64))])).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync("/api/sms/inbound/vonage", [.. signed, P("sig", sig)])).StatusCode);

        var inbox = await InboxAsync(admin);
        Assert.Equal(["V1", "V2", "V3"], inbox.Select(m => m.GetProperty("messageId").GetString()).Order());
        Assert.All(inbox, m => Assert.Equal("vonage", m.GetProperty("channel").GetString()));
    }

    [Fact]
    public async Task Vonage_concat_parts_are_held_until_complete_then_received_once_as_one_message()
    {
        var admin = await _app.AdminClientAsync();
        await RegisterAsync(admin, new { number = "48500100200", channel = "vonage", vonage = new { apiKey = "k1", apiSecret = "s1", allowUnsigned = true } });
        List<KeyValuePair<string, string>> Part(string id, int part, string text) =>
        [
            P("msisdn", "48600316058"), P("to", "48500100200"), P("messageId", id), P("text", text), P("type", "text"),
            P("concat", "true"), P("concat-ref", "77"), P("concat-total", "3"), P("concat-part", part.ToString()),
        ];

        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync("/api/sms/inbound/vonage", Part("P2", 2, "second "))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync("/api/sms/inbound/vonage", Part("P1", 1, "first "))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync("/api/sms/inbound/vonage", Part("P1", 1, "first "))).StatusCode); // a retry
        Assert.Empty(await InboxAsync(admin));

        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync("/api/sms/inbound/vonage", Part("P3", 3, "third"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync("/api/sms/inbound/vonage", Part("P3", 3, "third"))).StatusCode);
        var message = Assert.Single(await InboxAsync(admin));
        Assert.Equal(("P1", "first second third"), (message.GetProperty("messageId").GetString(), message.GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Vonage_parts_whose_rest_never_comes_are_received_together_after_the_concat_timeout()
    {
        var admin = await _app.AdminClientAsync();
        await RegisterAsync(admin, new { number = "48500100200", channel = "vonage", vonage = new { apiKey = "k1", apiSecret = "s1", allowUnsigned = true } });
        foreach (var (id, part, text) in new[] { ("Q1", "1", "HE"), ("Q3", "3", "P") })
            Assert.Equal(HttpStatusCode.OK, (await PostFormAsync("/api/sms/inbound/vonage",
            [
                P("msisdn", "48600316058"), P("to", "48500100200"), P("messageId", id), P("text", text), P("concat", "true"),
                P("concat-ref", "9"), P("concat-total", "3"), P("concat-part", part),
            ])).StatusCode);
        var sweeper = _app.Services.GetRequiredService<SmsCallback.Infrastructure.Processing.RecoverySweeper>();
        await sweeper.SweepAsync(TimeSpan.Zero, CancellationToken.None); // a sweep runs to its end: the parts are still waiting
        Assert.Empty(await InboxAsync(admin));

        _app.Clock.Advance(TimeSpan.FromMinutes(11)); // Sms:ConcatTimeout is 10 minutes
        var inbox = await EventuallyAsync(() => InboxAsync(admin), i => i.Length == 1, "the parts received after the timeout");
        Assert.Equal(("Q1", "HEP"), (inbox[0].GetProperty("messageId").GetString(), inbox[0].GetProperty("text").GetString()));
    }

    [Fact]
    public async Task Plivo_v3_signed_message_is_stored_once_and_bad_or_missing_signatures_are_refused()
    {
        var admin = await _app.AdminClientAsync();
        await RegisterAsync(admin, new { number = "48500100200", channel = "plivo", plivo = new { authId = "MA1", authToken = PlivoToken } });
        List<KeyValuePair<string, string>> form =
            [P("From", "48600316058"), P("To", "48500100200"), P("Type", "sms"), P("Text", "HELP"), P("MessageUUID", "3a2b-11"), P("Units", "1")];
        var signature = PlivoSignatureV3.Compute(PlivoToken, Base + "/api/sms/inbound/plivo", form, "12345678");

        Assert.Equal(HttpStatusCode.Unauthorized, (await PostFormAsync("/api/sms/inbound/plivo", form, ("X-Plivo-Signature-V3", signature))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync("/api/sms/inbound/plivo", form,
            ("X-Plivo-Signature-V3", signature), ("X-Plivo-Signature-V3-Nonce", "87654321"))).StatusCode);
        Assert.Empty(await InboxAsync(admin));

        for (var i = 0; i < 2; i++)
            Assert.Equal(HttpStatusCode.OK, (await PostFormAsync("/api/sms/inbound/plivo", form,
                ("X-Plivo-Signature-V3", signature), ("X-Plivo-Signature-V3-Nonce", "12345678"))).StatusCode);
        Assert.Equal("plivo", Assert.Single(await InboxAsync(admin)).GetProperty("channel").GetString());
    }

    [Fact]
    public async Task Kannel_get_and_post_with_the_url_secret_get_an_empty_200_never_204_and_bad_requests_are_refused()
    {
        var admin = await _app.AdminClientAsync();
        await RegisterAsync(admin, new
        {
            number = "48500100200", channel = "kannel", secret = KannelSecret,
            kannel = new { sendSmsUrl = "http://127.0.0.1:9/cgi-bin/sendsms", username = "u", password = "p" },
        });
        var client = _app.CreateClient();

        var get = await client.GetAsync($"/api/sms/inbound/kannel?secret={KannelSecret}&id=5e1c-01&from=48600316058&to=48500100200&text=HELP");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal("", await get.Content.ReadAsStringAsync());

        var post = new HttpRequestMessage(HttpMethod.Post, $"/api/sms/inbound/kannel?secret={KannelSecret}&id=5e1c-02&from=48600316058&to=48500100200")
        {
            Content = new ByteArrayContent(Encoding.BigEndianUnicode.GetBytes("Zażółć")),
        };
        post.Headers.TryAddWithoutValidation("X-Kannel-Coding", "2");
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(post)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/sms/inbound/kannel?id=5e1c-03&from=48600316058&to=48500100200&text=HELP")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/sms/inbound/kannel?secret=wrong-secret-wrong-secret&id=5e1c-03&from=48600316058&text=HELP")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/sms/inbound/kannel?secret={KannelSecret}&from=48600316058&text=HELP")).StatusCode);
        var huge = await client.PostAsync($"/api/sms/inbound/kannel?secret={KannelSecret}&id=5e1c-04&from=48600316058", new ByteArrayContent(new byte[20_000]));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);

        var inbox = await InboxAsync(admin);
        Assert.Equal(["HELP", "Zażółć"], inbox.Select(m => m.GetProperty("text").GetString()).Order());
    }
}
