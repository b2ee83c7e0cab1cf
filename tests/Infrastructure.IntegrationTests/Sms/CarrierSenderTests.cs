using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Infrastructure.Sms;
using SmsCallback.Infrastructure.Sms.Carriers;
using S = SmsCallback.Application.AccessNumbers.CarrierSetting;

namespace SmsCallback.Infrastructure.IntegrationTests.Sms;

/// <summary>Each outbound adapter against a local HTTP server that checks the exact request and plays the carrier's answers.</summary>
public sealed class CarrierSenderTests
{
    private const string AccessNumber = "+48500100200";
    private const string Customer = "+48600316058";

    private sealed class Accounts(CarrierAccount account) : ICarrierAccounts
    {
        public Task<CarrierAccount?> FindByNumberAsync(string channel, string number, CancellationToken ct) =>
            Task.FromResult(channel == account.Channel && number == account.Number ? account : null);

        public Task<CarrierAccount?> FindBySecretAsync(string channel, string secret, string? number, CancellationToken ct) => Task.FromResult<CarrierAccount?>(null);
    }

    private sealed class CollectingLogs : Microsoft.Extensions.Logging.ILoggerProvider, Microsoft.Extensions.Logging.ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();
        public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => this;
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(Microsoft.Extensions.Logging.LogLevel logLevel) => true;
        public void Log<TState>(Microsoft.Extensions.Logging.LogLevel logLevel, Microsoft.Extensions.Logging.EventId eventId, TState state,
            Exception? exception, Func<TState, Exception?, string> formatter) => Lines.Enqueue(formatter(state, exception) + " " + exception);
        public void Dispose() { }
    }

    private static readonly CollectingLogs Logs = new();

    /// <param name="attemptTimeout">short only where the test is about timeouts: a loaded test machine can be slow to answer a first request.</param>
    /// <param name="allowLoopback">the fake carrier listens on http://127.0.0.1, which only the development setting allows.</param>
    private static IChannelSmsSender SenderFor(string channel, Dictionary<string, string> settings, Dictionary<string, string> secrets,
        string attemptTimeout = "00:00:05", bool allowLoopback = true)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:CarrierUrls:AllowHttpToLoopback"] = allowLoopback ? "true" : "false",
            ["Sms:Http:AttemptTimeout"] = attemptTimeout,
            ["Sms:Http:TotalTimeout"] = "00:00:15",
            ["Sms:Http:MaxRetries"] = "2",
            ["Sms:Http:RetryDelay"] = "00:00:00.050",
        }).Build();
        var services = new ServiceCollection()
            .AddLogging(l => l.AddProvider(Logs).SetMinimumLevel(Microsoft.Extensions.Logging.LogLevel.Trace))
            .AddSingleton<ICarrierAccounts>(new Accounts(new CarrierAccount(Guid.NewGuid(), AccessNumber, channel, settings, secrets)))
            .AddCarriers(configuration).BuildServiceProvider();
        return services.GetServices<IChannelSmsSender>().Single(s => s.Channel == channel);
    }

    private static OutgoingSms Sms(string text = "Calling +48600316058, then +48774417880.") => new(Guid.NewGuid(), "x", Customer, AccessNumber, text);

    private static string BasicOf(string user, string password) => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}"));

    private static Dictionary<string, string> Form(string body) => body.Split('&').Select(p => p.Split('='))
        .ToDictionary(p => Uri.UnescapeDataString(p[0].Replace('+', ' ')), p => Uri.UnescapeDataString(p[1].Replace('+', ' ')));

    private static IChannelSmsSender Twilio(FakeCarrierServer server, string attemptTimeout = "00:00:05") => SenderFor("twilio",
        new() { [S.AccountSid] = "AC123", [S.BaseUrl] = server.BaseUrl }, new() { [S.AuthToken] = "tw-token" }, attemptTimeout);

    [Fact]
    public async Task Twilio_posts_the_form_with_basic_auth_and_returns_the_message_sid()
    {
        using var server = new FakeCarrierServer(201, """{"sid":"SM42","status":"queued"}""");
        var result = await Twilio(server).SendAsync(Sms(), default);

        Assert.Equal(SmsSendResult.Success("SM42"), result);
        var request = Assert.Single(server.Requests);
        Assert.Equal("POST", request.Method);
        Assert.Equal("/2010-04-01/Accounts/AC123/Messages.json", request.PathAndQuery);
        Assert.Equal(BasicOf("AC123", "tw-token"), request.Authorization);
        Assert.StartsWith("application/x-www-form-urlencoded", request.ContentType);
        var form = Form(request.Body);
        Assert.Equal(Customer, form["To"]);
        Assert.Equal(AccessNumber, form["From"]);
        Assert.Equal("Calling +48600316058, then +48774417880.", form["Body"]);
    }

    [Fact]
    public async Task Twilio_4xx_fails_with_the_carriers_reason_and_is_not_retried()
    {
        using var server = new FakeCarrierServer(400, """{"code":21211,"message":"The 'To' number is not a valid phone number.","status":400}""");
        var result = await Twilio(server).SendAsync(Sms(), default);

        Assert.False(result.Sent);
        Assert.False(result.Transient);
        Assert.Equal("twilio 400 BadRequest (error 21211)", result.Error); // the status and the carrier's code; never its words
        Assert.DoesNotContain("valid phone number", result.Error);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task A_5xx_is_retried_with_backoff_and_a_later_success_counts()
    {
        using var server = new FakeCarrierServer((attempt, _) => Task.FromResult(attempt < 3 ? (503, "busy") : (201, """{"sid":"SM7"}""")));
        var result = await Twilio(server).SendAsync(Sms(), default);

        Assert.Equal(SmsSendResult.Success("SM7"), result);
        Assert.Equal(3, server.Requests.Count);
    }

    [Fact]
    public async Task A_429_that_persists_is_transient_after_the_retries()
    {
        using var server = new FakeCarrierServer(429, """{"code":20429,"message":"Too Many Requests"}""");
        var result = await Twilio(server).SendAsync(Sms(), default);

        Assert.False(result.Sent);
        Assert.True(result.Transient);
        Assert.Equal(3, server.Requests.Count); // the first attempt and two retries
    }

    [Fact]
    public async Task A_carrier_that_never_answers_is_a_transient_failure_within_the_total_time()
    {
        using var server = new FakeCarrierServer(async (_, _) => { await Task.Delay(10_000); return (201, "{}"); });
        var watch = Stopwatch.StartNew();
        // 1 s per attempt: on a loaded machine a request may take more than half a second just to reach the server (one full run
        // counted 2 requests with 0.5 s)
        var result = await Twilio(server, attemptTimeout: "00:00:01").SendAsync(Sms(), default);

        Assert.False(result.Sent);
        Assert.True(result.Transient);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(8), $"took {watch.Elapsed}"); // never the carrier's 10 s
        // the fake server records a request when its loop accepts it, which on a loaded machine may come after the client gave up
        // on it (a full run counted 2): wait a little for the third, then count exactly
        for (var waited = 0; server.Requests.Count < 3 && waited < 3_000; waited += 50) await Task.Delay(50);
        Assert.Equal(3, server.Requests.Count); // each attempt timed out after 1 s
    }

    [Fact]
    public async Task Vonage_posts_key_secret_and_numbers_without_plus_and_marks_unicode()
    {
        using var server = new FakeCarrierServer(200, """{"message-count":"1","messages":[{"to":"48600316058","message-id":"0A000001","status":"0"}]}""");
        var sender = SenderFor("vonage", new() { [S.ApiKey] = "key1", [S.BaseUrl] = server.BaseUrl }, new() { [S.ApiSecret] = "vsecret" });

        Assert.Equal(SmsSendResult.Success("0A000001"), await sender.SendAsync(Sms("Dzwonię: +48774417880"), default));
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/sms/json"), (request.Method, request.PathAndQuery));
        var form = Form(request.Body);
        Assert.Equal(("key1", "vsecret", "48500100200", "48600316058"), (form["api_key"], form["api_secret"], form["from"], form["to"]));
        Assert.Equal(("Dzwonię: +48774417880", "unicode"), (form["text"], form["type"]));
    }

    [Fact]
    public async Task Vonage_reports_a_refused_message_with_its_error_text_and_throttling_as_transient()
    {
        using var refused = new FakeCarrierServer(200, """{"message-count":"1","messages":[{"status":"4","error-text":"Bad Credentials"}]}""");
        var result = await SenderFor("vonage", new() { [S.ApiKey] = "k", [S.BaseUrl] = refused.BaseUrl }, new() { [S.ApiSecret] = "s" })
            .SendAsync(Sms(), default);
        Assert.Equal(("vonage status 4: Invalid credentials", false), (result.Error, result.Transient));
        Assert.DoesNotContain("type=unicode", refused.Requests[0].Body); // a GSM-7 text goes as text

        using var throttled = new FakeCarrierServer(200, """{"message-count":"1","messages":[{"status":"1","error-text":"Throughput Rate Exceeded"}]}""");
        var again = await SenderFor("vonage", new() { [S.ApiKey] = "k", [S.BaseUrl] = throttled.BaseUrl }, new() { [S.ApiSecret] = "s" })
            .SendAsync(Sms(), default);
        Assert.True(again.Transient);
    }

    [Fact]
    public async Task Plivo_posts_json_with_basic_auth_and_returns_the_message_uuid()
    {
        using var server = new FakeCarrierServer(202, """{"api_id":"x","message":"message(s) queued","message_uuid":["db3ce55a-7f1d-11e1-8ea7-1231380bc196"]}""");
        var sender = SenderFor("plivo", new() { [S.AuthId] = "MA123", [S.BaseUrl] = server.BaseUrl }, new() { [S.AuthToken] = "pl-token" });

        Assert.Equal(SmsSendResult.Success("db3ce55a-7f1d-11e1-8ea7-1231380bc196"), await sender.SendAsync(Sms(), default));
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/v1/Account/MA123/Message/"), (request.Method, request.PathAndQuery));
        Assert.Equal(BasicOf("MA123", "pl-token"), request.Authorization);
        var json = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(("48500100200", "48600316058"), (json.GetProperty("src").GetString(), json.GetProperty("dst").GetString()));
        Assert.Equal("Calling +48600316058, then +48774417880.", json.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Plivo_4xx_carries_the_error_and_is_final()
    {
        using var server = new FakeCarrierServer(400, """{"api_id":"x","error":"invalid dst number"}""");
        var result = await SenderFor("plivo", new() { [S.AuthId] = "MA1", [S.BaseUrl] = server.BaseUrl }, new() { [S.AuthToken] = "t" })
            .SendAsync(Sms(), default);
        Assert.Equal(("plivo 400 BadRequest", false), (result.Error, result.Transient));
        Assert.Single(server.Requests);
    }

    private static IChannelSmsSender Kannel(FakeCarrierServer server) => SenderFor("kannel",
        new() { [S.SendSmsUrl] = server.BaseUrl + "/cgi-bin/sendsms", [S.Username] = "tester" }, new() { [S.Password] = "foobar" });

    [Fact]
    public async Task Kannel_gets_sendsms_with_credentials_and_the_text_and_202_is_sent()
    {
        using var server = new FakeCarrierServer(202, "0: Accepted for delivery");
        Assert.True((await Kannel(server).SendAsync(Sms("Zażółć €"), default)).Sent);

        var request = Assert.Single(server.Requests);
        Assert.Equal("GET", request.Method);
        var url = new Uri("http://x" + request.PathAndQuery);
        Assert.Equal("/cgi-bin/sendsms", url.AbsolutePath);
        var query = Form(url.Query.TrimStart('?'));
        Assert.Equal(("tester", "foobar", AccessNumber, Customer), (query["username"], query["password"], query["from"], query["to"]));
        Assert.Equal(("Zażółć €", "UTF-8", "2"), (query["text"], query["charset"], query["coding"]));
        // The password travels in sendsms's query string; the HttpClient logs (trace level included) show the URL without it.
        Assert.Contains(Logs.Lines, l => l.Contains("/cgi-bin/sendsms"));
        Assert.DoesNotContain(Logs.Lines, l => l.Contains("foobar"));
    }

    [Fact]
    public async Task Kannel_403_is_a_final_failure_and_503_a_transient_one()
    {
        using var forbidden = new FakeCarrierServer(403, "Authorization failed for sendsms");
        var refused = await Kannel(forbidden).SendAsync(Sms(), default);
        Assert.Equal(("kannel 403 Forbidden", false), (refused.Error, refused.Transient));
        Assert.Single(forbidden.Requests);

        using var unavailable = new FakeCarrierServer(503, "Temporal failure, try again later.");
        var later = await Kannel(unavailable).SendAsync(Sms(), default);
        Assert.True(later.Transient);
        Assert.Equal(3, unavailable.Requests.Count);
    }

    [Fact]
    public async Task An_SMS_from_a_number_that_is_not_registered_fails_without_a_request()
    {
        using var server = new FakeCarrierServer(202, "0: Accepted for delivery");
        var result = await Kannel(server).SendAsync(Sms() with { From = "+48999999999" }, default);
        Assert.False(result.Sent);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task The_router_sends_through_the_channel_the_sms_came_in_on()
    {
        using var server = new FakeCarrierServer(202, "0: Accepted for delivery");
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sms:CarrierUrls:AllowHttpToLoopback"] = "true",
        }).Build();
        var account = new CarrierAccount(Guid.NewGuid(), AccessNumber, "kannel",
            new Dictionary<string, string> { [S.SendSmsUrl] = server.BaseUrl + "/cgi-bin/sendsms", [S.Username] = "u" },
            new Dictionary<string, string> { [S.Password] = "p" });
        var services = new ServiceCollection().AddLogging().AddSingleton<ICarrierAccounts>(new Accounts(account))
            .AddSingleton<LogSmsSender>().AddSingleton<ISmsSender, SmsSenderRouter>().AddCarriers(configuration).BuildServiceProvider();
        var router = services.GetRequiredService<ISmsSender>();

        Assert.True((await router.SendAsync(Sms() with { Channel = "kannel" }, default)).Sent);
        Assert.Single(server.Requests);
        Assert.StartsWith("log-", (await router.SendAsync(Sms() with { Channel = "generic" }, default)).ExternalId);
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task Without_the_development_setting_a_loopback_carrier_gets_no_request_and_the_failure_is_final()
    {
        using var server = new FakeCarrierServer(201, """{"sid":"SM42"}""");
        var sender = SenderFor("twilio", new() { [S.AccountSid] = "AC123", [S.BaseUrl] = server.BaseUrl }, new() { [S.AuthToken] = "tw-token" },
            allowLoopback: false);

        var result = await sender.SendAsync(Sms(), default);

        Assert.False(result.Sent);
        Assert.False(result.Transient);
        Assert.Contains("refused", result.Error);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task A_host_name_resolving_to_a_loopback_or_private_address_is_refused_at_connection_time()
    {
        using var server = new FakeCarrierServer(201, """{"sid":"SM42"}""");
        var port = new Uri(server.BaseUrl).Port;
        var host = System.Net.Dns.GetHostName(); // resolves to this machine; the URL alone cannot tell
        var sender = SenderFor("twilio", new() { [S.AccountSid] = "AC123", [S.BaseUrl] = $"https://{host}:{port}" }, new() { [S.AuthToken] = "tw-token" },
            allowLoopback: false);

        var result = await sender.SendAsync(Sms(), default);

        Assert.False(result.Transient);
        Assert.Contains("resolves to", result.Error);
        Assert.Empty(server.Requests);
    }
}
