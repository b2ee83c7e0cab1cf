using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Infrastructure.IntegrationTests.Sms;
using SmsCallback.Infrastructure.Sms.Carriers;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Issue 12, items 3 and 7: Vonage signing and freshness, replies under the number rules and the unknown-sender ceilings,
/// carrier URLs limited to public https, and carrier error bodies kept out of the outbox.</summary>
public sealed class CarrierSecurityTests : IDisposable
{
    private const string VonageSigning = "vonage-signature-secret";
    private const string TwilioToken = "twilio-auth-token-1";
    private readonly List<SmsCallbackApp> _apps = [];

    public void Dispose()
    {
        foreach (var app in _apps) app.Dispose();
    }

    private SmsCallbackApp App(IDictionary<string, string?>? settings = null)
    {
        var app = new SmsCallbackApp(settings: settings);
        _apps.Add(app);
        return app;
    }

    /// <summary>The fake carrier servers listen on http://127.0.0.1: only the explicit development setting lets carrier URLs go there.</summary>
    private static Dictionary<string, string?> LoopbackAllowed(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?> { ["Sms:CarrierUrls:AllowHttpToLoopback"] = "true" };
        foreach (var (key, value) in more) settings[key] = value;
        return settings;
    }

    private static KeyValuePair<string, string> P(string k, string v) => new(k, v);

    private static Task<HttpResponseMessage> PostFormAsync(SmsCallbackApp app, string path, List<KeyValuePair<string, string>> form) =>
        app.CreateClient().PostAsync(path, new FormUrlEncodedContent(form));

    private static async Task<JsonElement[]> InboxAsync(HttpClient admin) => await GetArrayAsync(admin, "/api/admin/sms/inbox");

    private static async Task<JsonElement[]> OutboxAsync(HttpClient admin) => await GetArrayAsync(admin, "/api/admin/sms/outbox");

    [Fact]
    public async Task An_unsigned_vonage_number_needs_an_explicit_allowUnsigned_which_is_answered_with_a_warning_and_listed()
    {
        var app = App();
        var admin = await app.AdminClientAsync();

        var refused = await admin.PostAsJsonAsync("/api/admin/access-numbers",
            new { number = "48500100200", channel = "vonage", vonage = new { apiKey = "k1", apiSecret = "s1" } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("signatureSecret", await refused.Content.ReadAsStringAsync());

        var created = await admin.PostAsJsonAsync("/api/admin/access-numbers",
            new { number = "48500100200", channel = "vonage", vonage = new { apiKey = "k1", apiSecret = "s1", allowUnsigned = true } });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Contains("unsigned", body.GetProperty("warning").GetString(), StringComparison.OrdinalIgnoreCase);

        var listed = Assert.Single(await GetArrayAsync(admin, "/api/admin/access-numbers"));
        Assert.Equal("true", listed.GetProperty("settings").GetProperty("allowUnsigned").GetString());
        Assert.NotEmpty(listed.GetProperty("warnings").EnumerateArray());

        var get = await app.CreateClient().GetAsync("/api/sms/inbound/vonage?msisdn=48600316058&to=48500100200&messageId=V1&text=HELP&type=text");
        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Single(await InboxAsync(admin));

        // A number stored without the explicit choice (as every unsigned number was before) refuses anonymous requests and stores nothing.
        SqliteConnection.ClearAllPools();
        await using (var db = new SqliteConnection($"Data Source={app.AppDatabasePath}"))
        {
            await db.OpenAsync();
            var command = db.CreateCommand();
            command.CommandText = """UPDATE AccessNumbers SET SettingsJson = '{"apiKey":"k1"}'""";
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }
        var anonymous = await app.CreateClient().GetAsync("/api/sms/inbound/vonage?msisdn=48600316058&to=48500100200&messageId=V2&text=HELP&type=text");
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Single(await InboxAsync(admin));
    }

    [Fact]
    public async Task A_signed_vonage_webhook_more_than_5_minutes_from_the_service_clock_is_refused_and_stores_nothing()
    {
        var app = App();
        var admin = await app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/access-numbers", new
        {
            number = "48500100300", channel = "vonage",
            vonage = new { apiKey = "k2", apiSecret = "s2", signatureSecret = VonageSigning, signatureMethod = "sha256" },
        })).StatusCode);

        List<KeyValuePair<string, string>> Signed(string id, DateTimeOffset at)
        {
            List<KeyValuePair<string, string>> form =
                [P("msisdn", "48600316058"), P("to", "48500100300"), P("messageId", id), P("text", "HELP"), P("timestamp", at.ToUnixTimeSeconds().ToString())];
            return [.. form, P("sig", VonageSignature.Compute("sha256", VonageSigning, form))];
        }

        var now = app.Clock.GetUtcNow();
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostFormAsync(app, "/api/sms/inbound/vonage", Signed("old", now.AddMinutes(-6)))).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostFormAsync(app, "/api/sms/inbound/vonage", Signed("future", now.AddMinutes(6)))).StatusCode);
        Assert.Empty(await InboxAsync(admin));

        var fresh = Signed("fresh", now);
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(app, "/api/sms/inbound/vonage", fresh)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostFormAsync(app, "/api/sms/inbound/vonage", Signed("replay", now.AddMinutes(-6)))).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(6)); // a fresh request captured and replayed later, with a new message id it cannot sign
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostFormAsync(app, "/api/sms/inbound/vonage", Signed("replay-2", now))).StatusCode);
        Assert.Equal(["fresh"], (await InboxAsync(admin)).Select(m => m.GetProperty("messageId").GetString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await PostFormAsync(app, "/api/sms/inbound/vonage", fresh)).StatusCode); // the same request, too late
    }

    [Fact]
    public async Task Five_premium_rate_senders_get_no_sms_the_replies_are_recorded_as_refused()
    {
        using var vonage = new FakeCarrierServer(200, """{"message-count":"1","messages":[{"status":"0","message-id":"0A1"}]}""");
        var app = App(LoopbackAllowed());
        var admin = await app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/access-numbers", new
        {
            number = "48500100200", channel = "vonage", vonage = new { apiKey = "k1", apiSecret = "s1", allowUnsigned = true, baseUrl = vonage.BaseUrl },
        })).StatusCode);

        string[] premium = ["88216123456", "97912345678", "19005550123", "883123456789", "48701234567"];
        for (var i = 0; i < premium.Length; i++)
            Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(
                $"/api/sms/inbound/vonage?msisdn={premium[i]}&to=48500100200&messageId=PR{i}&text=D.48774417880&type=text")).StatusCode);

        var outbox = await EventuallyAsync(() => OutboxAsync(admin),
            o => o.Length == premium.Length && o.All(x => x.GetProperty("status").GetString() == "Failed"), "every reply refused");
        Assert.All(outbox, x => Assert.Contains("blocked", x.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase));
        Assert.Empty(vonage.Requests);
    }

    [Fact]
    public async Task Replies_to_unknown_senders_stop_at_the_per_access_number_and_the_global_ceiling()
    {
        using var vonage = new FakeCarrierServer(200, """{"message-count":"1","messages":[{"status":"0","message-id":"0A1"}]}""");
        var app = App(LoopbackAllowed(("AntiAbuse:MaxUnknownSenderRepliesPerAccessNumber", "2"), ("AntiAbuse:MaxUnknownSenderReplies", "3")));
        var admin = await app.AdminClientAsync();
        foreach (var number in new[] { "48500100200", "48500100300" })
            Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/access-numbers", new
            {
                number, channel = "vonage", vonage = new { apiKey = "k1", apiSecret = "s1", allowUnsigned = true, baseUrl = vonage.BaseUrl },
            })).StatusCode);

        async Task PumpAsync(string to, int from, int count)
        {
            // One after another: the ceilings count stored replies, so SMS processed at the same moment may overshoot by the
            // processing concurrency (see docs/security/carriers.md); this test is about where they stop.
            for (var i = from; i < from + count; i++)
            {
                Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(
                    $"/api/sms/inbound/vonage?msisdn=4860000{i:D4}&to={to}&messageId=U{i}&text=HELP&type=text")).StatusCode);
                await EventuallyAsync(() => InboxAsync(admin), m => m.Length == i + 1 && m.All(x => x.GetProperty("status").GetString() == "Processed"),
                    "the pumped SMS processed");
            }
        }

        await PumpAsync("48500100200", 0, 5);
        Assert.Equal(2, (await OutboxAsync(admin)).Length); // the access number's ceiling
        await PumpAsync("48500100300", 5, 3);
        Assert.Equal(3, (await OutboxAsync(admin)).Length); // the global ceiling
        await EventuallyAsync(() => Task.FromResult(vonage.Requests.Count), c => c == 3, "the three replies sent");
    }

    [Theory]
    [InlineData("twilio", "http://169.254.169.254/latest/meta-data/")]
    [InlineData("twilio", "https://169.254.169.254/")]
    [InlineData("vonage", "http://{listener}")]
    [InlineData("plivo", "https://{listener}")]
    [InlineData("plivo", "https://10.1.2.3/")]
    [InlineData("twilio", "https://192.168.1.10/")]
    [InlineData("twilio", "https://[fe80::1]/")]
    [InlineData("twilio", "https://[fd00::1]/")]
    [InlineData("twilio", "https://localhost/")]
    [InlineData("twilio", "http://api.twilio.example/")]
    [InlineData("kannel", "http://{listener}/cgi-bin/sendsms")]
    public async Task A_carrier_url_that_is_not_public_https_is_refused_with_400_and_nothing_reaches_it(string channel, string url)
    {
        using var listener = new FakeCarrierServer(200, "{}");
        url = url.Replace("{listener}", listener.BaseUrl["http://".Length..]);
        var app = App();
        var admin = await app.AdminClientAsync();
        object settings = channel switch
        {
            "twilio" => new { number = "48500100200", channel, twilio = new { accountSid = "AC1", authToken = TwilioToken, baseUrl = url } },
            "vonage" => new { number = "48500100200", channel, vonage = new { apiKey = "k", apiSecret = "s", signatureSecret = VonageSigning, baseUrl = url } },
            "plivo" => new { number = "48500100200", channel, plivo = new { authId = "MA", authToken = "t", baseUrl = url } },
            _ => new { number = "48500100200", channel, secret = "kannel-url-secret-0123456789", kannel = new { sendSmsUrl = url, username = "u", password = "p" } },
        };

        var response = await admin.PostAsJsonAsync("/api/admin/access-numbers", settings);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(url.StartsWith("http:", StringComparison.Ordinal) ? "https" : "address", await response.Content.ReadAsStringAsync());
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/access-numbers"));
        Assert.Empty(listener.Requests);
    }

    [Fact]
    public async Task A_public_https_carrier_url_is_accepted()
    {
        var admin = await App().AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/admin/access-numbers",
            new { number = "48500100200", channel = "twilio", twilio = new { accountSid = "AC1", authToken = TwilioToken, baseUrl = "https://api.twilio.com" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task A_carrier_host_name_that_resolves_to_a_loopback_or_private_address_is_refused_when_sending_and_no_connection_is_made()
    {
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        var port = ((IPEndPoint)tcp.LocalEndpoint).Port;
        var host = Dns.GetHostName(); // a name, so creation cannot tell; it resolves to this machine
        Assert.All(await Dns.GetHostAddressesAsync(host), a => Assert.False(SmsCallback.Application.AccessNumbers.CarrierUrlRules.IsPublic(a),
            $"this test needs the host name to resolve to this machine or its private network, not {a}"));
        var app = App();
        var admin = await app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/access-numbers", new
        {
            number = "48500100200", channel = "vonage",
            vonage = new { apiKey = "k1", apiSecret = "s1", allowUnsigned = true, baseUrl = $"https://{host}:{port}" },
        })).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().GetAsync(
            "/api/sms/inbound/vonage?msisdn=48600316058&to=48500100200&messageId=R1&text=HELP&type=text")).StatusCode);

        var reply = Assert.Single(await EventuallyAsync(() => OutboxAsync(admin),
            o => o.Length == 1 && o[0].GetProperty("status").GetString() == "Failed", "the reply refused"));
        Assert.Contains("address", reply.GetProperty("error").GetString());
        Assert.False(tcp.Pending());
    }

    [Fact]
    public async Task A_carriers_error_body_is_not_copied_into_the_outbox_only_its_status_and_a_short_reason()
    {
        using var twilio = new FakeCarrierServer(400,
            """{"code":21211,"message":"AccessKeyId=ASIA-SECRET-FROM-METADATA","status":400,"more_info":"iam/security-credentials"}""");
        var app = App(LoopbackAllowed());
        var admin = await app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/access-numbers",
            new { number = "+48500100200", channel = "twilio", twilio = new { accountSid = "AC1", authToken = TwilioToken, baseUrl = twilio.BaseUrl } })).StatusCode);

        List<KeyValuePair<string, string>> form = [P("MessageSid", "SM1"), P("From", "+48600316058"), P("To", "+48500100200"), P("Body", "HELP")];
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sms/inbound/twilio") { Content = new FormUrlEncodedContent(form) };
        request.Headers.TryAddWithoutValidation("X-Twilio-Signature", TwilioSignature.Compute(TwilioToken, "http://localhost/api/sms/inbound/twilio", form));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient().SendAsync(request)).StatusCode);

        var reply = Assert.Single(await EventuallyAsync(() => OutboxAsync(admin),
            o => o.Length == 1 && o[0].GetProperty("status").GetString() == "Failed", "the reply failed"));
        var error = reply.GetProperty("error").GetString()!;
        Assert.Contains("400", error);
        Assert.DoesNotContain("SECRET", error);
        Assert.DoesNotContain("iam", error);
        Assert.Single(twilio.Requests);
    }

    [Fact]
    public async Task An_operator_rotates_a_signature_secret_in_place_and_the_old_one_stops_working_at_once()
    {
        var app = App();
        var admin = await app.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/access-numbers",
            new { number = "48500100300", channel = "vonage", vonage = new { apiKey = "k", apiSecret = "s", signatureSecret = "old-secret", signatureMethod = "sha256" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync($"/api/admin/access-numbers/{id}",
            new { number = "48500100300", channel = "vonage", vonage = new { apiKey = "k", apiSecret = "s2", signatureSecret = "new-secret", signatureMethod = "sha256" } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/admin/access-numbers/{id}",
            new { number = "48500100300", channel = "vonage", vonage = new { apiKey = "k", apiSecret = "s2", signatureSecret = "x", baseUrl = "http://10.0.0.1/" } })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/admin/access-numbers/{id}",
            new { number = "48500100999", channel = "vonage", vonage = new { apiKey = "k", apiSecret = "s2", signatureSecret = "x" } })).StatusCode);

        List<KeyValuePair<string, string>> Signed(string id, string secret)
        {
            List<KeyValuePair<string, string>> form = [P("msisdn", "48600316058"), P("to", "48500100300"), P("messageId", id), P("text", "HELP"),
                P("timestamp", app.Clock.GetUtcNow().ToUnixTimeSeconds().ToString())];
            return [.. form, P("sig", VonageSignature.Compute("sha256", secret, form))];
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await PostFormAsync(app, "/api/sms/inbound/vonage", Signed("a", "old-secret"))).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostFormAsync(app, "/api/sms/inbound/vonage", Signed("b", "new-secret"))).StatusCode);
    }
}
