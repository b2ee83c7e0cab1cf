using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Infrastructure.IntegrationTests.Sms;
using SmsCallback.Infrastructure.Sms.Carriers;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests.Operations;

/// <summary>A full scenario through the service in its own process, logging everything (level Trace) as JSON to the console: an SMS
/// with <c>U.login P.password</c> over Twilio (signed with the carrier's token), a reply through Twilio's API, a signed generic webhook,
/// admin and customer sign-ins. Every line it wrote is kept for the tests below.</summary>
public sealed class LoggedScenario : IAsyncLifetime
{
    public const string CustomerLogin = "logcustomer";
    public const string CustomerPassword = "Cust0merPa55word";
    public const string TwilioToken = "twilio-token-never-logged-7f3a";
    public const string Customer = "48600316058";

    private readonly FakeCarrierServer _twilio = new(201, """{"sid":"SM-reply-1","status":"queued"}""");
    private ServiceProcess _service = null!;

    public IReadOnlyList<string> Lines { get; private set; } = [];
    public List<string> Secrets { get; } = [AdminPassword, WebhookSecret, TwilioToken, CustomerPassword];
    public Guid CallbackId { get; private set; }
    public Guid SmsId { get; private set; }

    public async Task InitializeAsync()
    {
        _service = ServiceProcess.Start(new Dictionary<string, string>
        {
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__Console__FormatterOptions__IncludeScopes"] = "true",
            ["Logging__LogLevel__Default"] = "Trace",
            ["Sms__CarrierUrls__AllowHttpToLoopback"] = "true", // the fake Twilio API listens on a loopback port
        });
        await _service.WaitUntilLiveAsync();
        using var admin = await _service.ClientForAsync("admin", AdminPassword, Secrets.Add);
        var account = await (await admin.PostAsJsonAsync("/api/admin/accounts", new { login = CustomerLogin, password = CustomerPassword }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var id = account.GetProperty("id").GetGuid();
        (await admin.PutAsJsonAsync($"/api/admin/accounts/{id}", new { creditLimit = 100, maxConcurrentCallbacks = 5 })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/access-numbers", new
        {
            number = "+48500100200", channel = "twilio", twilio = new { accountSid = "AC1", authToken = TwilioToken, baseUrl = _twilio.BaseUrl },
        })).StatusCode);
        using (await _service.ClientForAsync(CustomerLogin, CustomerPassword, Secrets.Add)) { }

        // The customer texts from an unregistered phone, signing in inside the SMS.
        List<KeyValuePair<string, string>> form =
        [
            new("MessageSid", "SM-log-1"), new("AccountSid", "AC1"), new("From", "+" + Customer), new("To", "+48500100200"),
            new("Body", $"U.{CustomerLogin} P.{CustomerPassword} O.{Customer} D.48774417880"),
        ];
        var url = new Uri(_service.BaseAddress, "/api/sms/inbound/twilio");
        using var twilioRequest = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        twilioRequest.Headers.Add("X-Twilio-Signature", TwilioSignature.Compute(TwilioToken, url.AbsoluteUri, form));
        using var client = _service.Client();
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(twilioRequest)).StatusCode);

        // And the generic webhook, signed with its secret.
        var body = Body("log-2", "48600316059", "HELP");
        using var generic = new HttpRequestMessage(HttpMethod.Post, "/api/sms/inbound/generic") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        generic.Headers.Add("X-Signature", Sign(body));
        Assert.Equal(HttpStatusCode.OK, (await client.SendAsync(generic)).StatusCode);

        var callback = (await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"),
            c => c.Length == 1 && c[0].GetProperty("state").GetString() == "Completed", "the callback of the SMS"))[0];
        CallbackId = callback.GetProperty("id").GetGuid();
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"),
            o => o.Count(x => x.GetProperty("status").GetString() == "Sent") == 2, "both replies sent");
        SmsId = (await GetArrayAsync(admin, "/api/admin/sms/inbox")).Single(s => s.GetProperty("channel").GetString() == "twilio").GetProperty("id").GetGuid();
        Assert.Single(_twilio.Requests); // the reply went out through Twilio's API, authenticated with the token

        _service.Stop(); // flushes the console
        Lines = _service.Output;
    }

    public Task DisposeAsync()
    {
        _service.Dispose();
        _twilio.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class LogTests(LoggedScenario scenario) : IClassFixture<LoggedScenario>
{
    private IEnumerable<JsonElement> Entries => scenario.Lines.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement);

    private static IEnumerable<JsonProperty> ScopeValues(JsonElement entry) =>
        entry.TryGetProperty("Scopes", out var scopes) ? scopes.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).SelectMany(s => s.EnumerateObject()) : [];

    private static bool Carries(JsonElement entry, string name, Guid id) =>
        ScopeValues(entry).Any(p => p.Name == name && p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() == id.ToString());

    [Fact]
    public void Every_console_line_is_a_json_log_entry()
    {
        Assert.True(scenario.Lines.Count > 50, $"only {scenario.Lines.Count} lines");
        foreach (var line in scenario.Lines.Where(l => l.Length > 0))
        {
            var entry = JsonDocument.Parse(line).RootElement; // throws on a line that is not JSON
            Assert.True(entry.TryGetProperty("LogLevel", out _) && entry.TryGetProperty("Category", out _), line);
        }
    }

    [Fact]
    public void The_log_lines_of_a_callback_carry_its_id_and_those_of_an_sms_its_id()
    {
        var ofCallback = Entries.Where(e => Carries(e, "CallbackId", scenario.CallbackId)).ToList();
        Assert.Contains(ofCallback, e => e.GetProperty("Message").GetString()!.Contains("HandleSwitchEventCommand"));
        Assert.True(ofCallback.Count >= 4, $"{ofCallback.Count} lines carry the callback id"); // its originate and its switch events

        var ofSms = Entries.Where(e => Carries(e, "InboundSmsId", scenario.SmsId)).ToList();
        Assert.Contains(ofSms, e => e.GetProperty("Message").GetString()!.Contains("ProcessInboundSmsCommand"));
    }

    [Fact]
    public void No_password_token_or_secret_appears_in_any_line()
    {
        Assert.Equal(6, scenario.Secrets.Count); // the four configured or chosen, and the two bearer tokens issued
        foreach (var secret in scenario.Secrets)
        {
            var leaks = scenario.Lines.Where(l => l.Contains(secret, StringComparison.Ordinal)).ToList();
            Assert.True(leaks.Count == 0, $"'{secret[..4]}…' appears in {leaks.Count} line(s), e.g.: {leaks.FirstOrDefault()}");
        }
    }
}
