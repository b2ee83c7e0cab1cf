using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Application.Callbacks.NotifyCallbackFailure;
using SmsCallback.Application.Callbacks.SettleCallback;
using SmsCallback.Infrastructure.Processing;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>docs/callback-policies.md through the real pipeline on the simulator: the ring delay of SMS callbacks (also across a restart),
/// scheduled web callbacks, retries of leg A with the reservation held and released, and the one SMS that says why a callback failed.
/// Waiting times are long and passed by moving the service's clock forward, so nothing here depends on how fast the machine is.</summary>
public sealed class CallbackPolicyTests : IDisposable
{
    private const string Customer = "48600316058";
    private const string CustomerE164 = "+48600316058";
    private const string Destination = "48774417880";
    private const string DestinationE164 = "+48774417880";
    private readonly List<SmsCallbackApp> _apps = [];
    private readonly string _data = Path.Combine(Path.GetTempPath(), "smscallback-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        foreach (var app in _apps) app.Dispose();
        if (Environment.GetEnvironmentVariable("SMSCALLBACK_KEEP_TEST_DATA") is null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_data, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private SmsCallbackApp Start(params (string Key, string Value)[] settings)
    {
        var app = new SmsCallbackApp(_data, settings.ToDictionary(s => s.Key, s => (string?)s.Value)) { DeleteDataOnDispose = false };
        _apps.Add(app);
        return app;
    }

    private static async Task<Guid> CustomerAsync(SmsCallbackApp app, HttpClient admin) =>
        await app.CreateAccountAsync(admin, "callback", "pass1234", Customer);

    private static Task Rule(HttpClient admin, string number, string outcome) =>
        admin.PostAsJsonAsync("/api/admin/simulator/rules", new { number, outcome, answerAfterMs = 20, hangupAfterMs = 60 });

    private static async Task<JsonElement> CallbackAsync(HttpClient admin, Func<JsonElement, bool> condition, string what) =>
        (await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"), c => c.Length == 1 && condition(c[0]), what))[0];

    private static string State(JsonElement callback) => callback.GetProperty("state").GetString()!;

    private static int LegsA(JsonElement callback) => callback.GetProperty("legs").EnumerateArray().Count(l => l.GetProperty("kind").GetString() == "A");

    private static async Task<decimal> ReservedAsync(HttpClient admin, Guid account) =>
        (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/accounts/{account}")).GetProperty("reserved").GetDecimal();

    private static async Task<JsonElement[]> NoticesAsync(HttpClient admin) =>
        [.. (await GetArrayAsync(admin, "/api/admin/sms/outbox")).Where(s => s.GetProperty("kind").GetString() == "Notice")];

    [Fact]
    public async Task An_sms_callback_waits_for_the_ring_delay_with_its_credit_held_and_rings_once_when_due_even_after_a_restart()
    {
        var id = Guid.Empty;
        using (var first = Start(("Callbacks:RingDelaySeconds", "600")))
        {
            var admin = await first.AdminClientAsync();
            id = await CustomerAsync(first, admin);
            Assert.Equal(HttpStatusCode.OK, (await first.PostSmsAsync("m1", Customer, "D." + Destination)).StatusCode);

            var waiting = await CallbackAsync(admin, c => State(c) == "Scheduled", "the SMS callback scheduled");
            var due = waiting.GetProperty("dueAt").GetDateTimeOffset() - waiting.GetProperty("createdAt").GetDateTimeOffset();
            Assert.Equal(TimeSpan.FromSeconds(600), due);
            Assert.True(waiting.GetProperty("reserved").GetDecimal() > 0);
            Assert.Equal(waiting.GetProperty("reserved").GetDecimal(), await ReservedAsync(admin, id));
            Assert.Equal(0, await first.Services.GetRequiredService<CallbackScheduler>().StartDueAsync(CancellationToken.None));
            Assert.Empty(await GetArrayAsync(admin, "/api/admin/simulator/calls"));
            Assert.Empty(waiting.GetProperty("legs").EnumerateArray());
            var reply = (await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"), r => r.Length == 1, "the reply")).Single();
            Assert.Equal($"Calling {CustomerE164}, then {DestinationE164}.", reply.GetProperty("text").GetString());
        }

        using var second = Start(("Callbacks:RingDelaySeconds", "600"));
        var again = await second.AdminClientAsync();
        Assert.Equal("Scheduled", State((await GetArrayAsync(again, "/api/admin/callbacks")).Single()));
        Assert.Equal(0, await second.Services.GetRequiredService<CallbackScheduler>().StartDueAsync(CancellationToken.None));
        Assert.Empty(await GetArrayAsync(again, "/api/admin/simulator/calls"));

        second.Clock.Advance(TimeSpan.FromSeconds(601));
        var done = await CallbackAsync(again, c => State(c) == "Completed", "the callback rung once due, after the restart");
        await second.WaitUntilQuietAsync();
        Assert.Equal(1, LegsA(done));
        Assert.Single(await GetArrayAsync(again, "/api/admin/simulator/calls"), c => c.GetProperty("leg").GetString() == "A");
        Assert.Equal(0m, await ReservedAsync(again, id));
        await MoneyInvariants.AssertHoldAsync(second.AppDatabasePath, ["m1"]);
    }

    [Fact]
    public async Task A_web_callback_for_later_is_held_until_then_and_a_time_in_the_past_or_beyond_24_hours_is_refused()
    {
        var app = Start();
        var admin = await app.AdminClientAsync();
        var account = await CustomerAsync(app, admin);
        var me = await app.ClientForAsync("callback", "pass1234");

        var past = await me.PostAsJsonAsync("/api/callbacks", new { destination = Destination, at = app.Clock.GetUtcNow().AddMinutes(-1) });
        var tooLate = await me.PostAsJsonAsync("/api/callbacks", new { destination = Destination, at = app.Clock.GetUtcNow().AddHours(25) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Contains("'at' must be a time in the future", await past.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, tooLate.StatusCode);
        Assert.Contains("'at' must be within the next 24 hours", await tooLate.Content.ReadAsStringAsync());
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/callbacks"));
        Assert.Equal(0m, await ReservedAsync(admin, account));

        var at = app.Clock.GetUtcNow().AddHours(2);
        var accepted = await me.PostAsJsonAsync("/api/callbacks", new { destination = Destination, at });
        Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        var id = (await accepted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var waiting = await me.GetFromJsonAsync<JsonElement>($"/api/callbacks/{id}");
        Assert.Equal("Scheduled", State(waiting));
        Assert.Equal(at, waiting.GetProperty("dueAt").GetDateTimeOffset());
        Assert.True(await ReservedAsync(admin, account) > 0); // held from the request: the time asked for is kept
        Assert.Equal(0, await app.Services.GetRequiredService<CallbackScheduler>().StartDueAsync(CancellationToken.None));

        app.Clock.Advance(TimeSpan.FromHours(2));
        await EventuallyAsync(() => me.GetFromJsonAsync<JsonElement>($"/api/callbacks/{id}"), c => State(c) == "Completed", "the scheduled callback");
        await app.WaitUntilQuietAsync();
        Assert.Equal(0m, await ReservedAsync(admin, account));
        await MoneyInvariants.AssertHoldAsync(app.AppDatabasePath);
    }

    [Fact]
    public async Task A_busy_customer_is_rung_again_with_the_credit_held_and_only_the_answered_attempt_is_billed()
    {
        var app = Start(("Callbacks:SourceRetries", "2"), ("Callbacks:SourceRetryIntervalSeconds", "60"));
        var admin = await app.AdminClientAsync();
        var account = await CustomerAsync(app, admin);
        await Rule(admin, Customer, "busy");
        var me = await app.ClientForAsync("callback", "pass1234");
        await me.PostAsJsonAsync("/api/callbacks", new { destination = Destination });

        var waiting = await CallbackAsync(admin, c => State(c) == "Scheduled" && LegsA(c) == 1, "the first attempt busy, a retry pending");
        var held = waiting.GetProperty("reserved").GetDecimal();
        Assert.True(held > 0);
        Assert.Equal(held, await ReservedAsync(admin, account));

        await Rule(admin, Customer, "answer");
        app.Clock.Advance(TimeSpan.FromSeconds(60));
        var done = await CallbackAsync(admin, c => State(c) == "Completed", "the second attempt answered");
        await app.WaitUntilQuietAsync();
        done = (await GetArrayAsync(admin, "/api/admin/callbacks")).Single();
        var legs = done.GetProperty("legs").EnumerateArray().ToList();
        Assert.Equal(["A", "A", "B"], legs.Select(l => l.GetProperty("kind").GetString()));
        Assert.Equal(17, legs[0].GetProperty("hangupCause").GetInt32());
        Assert.Equal(0m, legs[0].GetProperty("cost").GetDecimal());
        Assert.True(legs[1].GetProperty("answeredAt").ValueKind != JsonValueKind.Null);
        Assert.Equal(0m, await ReservedAsync(admin, account));
        Assert.Empty(await NoticesAsync(admin));
        await MoneyInvariants.AssertHoldAsync(app.AppDatabasePath);
    }

    [Fact]
    public async Task After_the_last_retry_the_callback_fails_the_credit_is_released_and_the_customer_gets_one_sms_saying_why()
    {
        var app = Start(("Callbacks:SourceRetries", "2"), ("Callbacks:SourceRetryIntervalSeconds", "60"));
        var admin = await app.AdminClientAsync();
        var account = await CustomerAsync(app, admin);
        await Rule(admin, Customer, "busy");
        var me = await app.ClientForAsync("callback", "pass1234");
        await me.PostAsJsonAsync("/api/callbacks", new { destination = Destination });

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            var waiting = await CallbackAsync(admin, c => State(c) == "Scheduled" && LegsA(c) == attempt, $"attempt {attempt} busy, a retry pending");
            Assert.True(await ReservedAsync(admin, account) > 0);
            Assert.Equal(waiting.GetProperty("reserved").GetDecimal(), await ReservedAsync(admin, account));
            app.Clock.Advance(TimeSpan.FromSeconds(60));
        }
        var failed = await CallbackAsync(admin, c => State(c) == "Failed", "the callback failed after the retries");
        await app.WaitUntilQuietAsync();
        Assert.Equal(3, LegsA(failed));
        Assert.Equal("SourceBusy", failed.GetProperty("failureReason").GetString());
        Assert.Equal(0m, await ReservedAsync(admin, account));
        var notice = Assert.Single(await NoticesAsync(admin));
        Assert.Equal(CustomerE164, notice.GetProperty("to").GetString());
        Assert.Equal($"We called {CustomerE164} for your call to {DestinationE164}, but the line was busy. Nothing was charged.",
            notice.GetProperty("text").GetString());

        // the consumers run again (the outbox delivers at least once): still one SMS, nothing charged twice
        var id = failed.GetProperty("id").GetGuid();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var sender = scope.ServiceProvider.GetRequiredService<ISender>();
            await sender.Send(new NotifyCallbackFailureCommand(id, CustomerHeardWhy: false));
            await sender.Send(new SettleCallbackCommand(id));
            await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
            {
                await using var each = app.Services.CreateAsyncScope();
                await each.ServiceProvider.GetRequiredService<ISender>().Send(new NotifyCallbackFailureCommand(id, CustomerHeardWhy: false));
            }));
        }
        await app.WaitUntilQuietAsync();
        Assert.Single(await NoticesAsync(admin));
        await MoneyInvariants.AssertHoldAsync(app.AppDatabasePath);
    }

    public static TheoryData<string, string, string, string> Failures => new()
    {
        // number scripted, outcome, failure reason, SMS text
        { Customer, "no-answer", "SourceNoAnswer", $"We called {CustomerE164} for your call to {DestinationE164}, but nobody answered. Nothing was charged." },
        { Destination, "busy", "DestinationBusy", $"{DestinationE164} was busy. Send your request again to retry." },
        { Destination, "no-answer", "DestinationNoAnswer", $"{DestinationE164} did not answer. Send your request again to retry." },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Each_failure_is_explained_by_one_sms_to_the_phone_that_asked(string number, string outcome, string reason, string text)
    {
        var app = Start();
        var admin = await app.AdminClientAsync();
        await CustomerAsync(app, admin);
        await DisableIvrAsync(admin);
        await Rule(admin, number, outcome);

        Assert.Equal(HttpStatusCode.OK, (await app.PostSmsAsync("m1", Customer, "D." + Destination)).StatusCode);
        var failed = await CallbackAsync(admin, c => State(c) == "Failed", "the callback failed");
        await app.WaitUntilQuietAsync();

        Assert.Equal(reason, failed.GetProperty("failureReason").GetString());
        var notice = Assert.Single(await NoticesAsync(admin));
        var reply = (await GetArrayAsync(admin, "/api/admin/sms/outbox")).Single(s => s.GetProperty("kind").GetString() == "Reply");
        Assert.Equal((CustomerE164, reply.GetProperty("from").GetString(), "generic", text), // back the way the request came
            (notice.GetProperty("to").GetString(), notice.GetProperty("from").GetString(), notice.GetProperty("channel").GetString(),
                notice.GetProperty("text").GetString()));
        await MoneyInvariants.AssertHoldAsync(app.AppDatabasePath, ["m1"]);
    }

    [Fact]
    public async Task A_polish_customer_is_told_why_in_polish_within_one_sms()
    {
        var app = Start();
        var admin = await app.AdminClientAsync();
        var polish = await CustomerAsync(app, admin);
        (await admin.PutAsJsonAsync($"/api/admin/accounts/{polish}",
            new { creditLimit = SmsCallbackApp.TestCreditLimit, maxConcurrentCallbacks = 5, language = "pl" })).EnsureSuccessStatusCode();
        await DisableIvrAsync(admin);
        await Rule(admin, Destination, "busy");

        Assert.Equal(HttpStatusCode.OK, (await app.PostSmsAsync("pl-1", Customer, "D." + Destination)).StatusCode);
        await CallbackAsync(admin, c => State(c) == "Failed", "the callback failed");
        await app.WaitUntilQuietAsync();

        var notice = Assert.Single(await NoticesAsync(admin)).GetProperty("text").GetString()!;
        // pl.txt's FailedDestinationBusy; over 70 characters with its accents, so it travels without them as one GSM-7 SMS.
        Assert.Equal($"Numer {DestinationE164} byl zajety. Aby sprobowac jeszcze raz, wyslij SMS ponownie.", notice);
        Assert.True(SmsCallback.Application.Sms.Segments.SmsSegments.Analyze(notice).Segments == 1, notice);
    }

    [Fact]
    public async Task A_switch_that_goes_silent_is_explained_as_a_switch_error()
    {
        var app = Start(("Switch:Simulator:Mode", "Manual"), ("Switch:RingTimeout", "00:01:00"));
        var admin = await app.AdminClientAsync();
        await CustomerAsync(app, admin);
        var me = await app.ClientForAsync("callback", "pass1234");
        await me.PostAsJsonAsync("/api/callbacks", new { destination = Destination });
        await CallbackAsync(admin, c => State(c) == "DialingSource", "leg A ringing");

        app.Clock.Advance(TimeSpan.FromMinutes(2)); // the switch never reports again: the sweep expires the callback
        var failed = await CallbackAsync(admin, c => State(c) == "Failed", "the callback expired");
        await app.WaitUntilQuietAsync();

        Assert.Equal("Timeout", failed.GetProperty("failureReason").GetString());
        Assert.Equal($"Sorry, your call to {DestinationE164} could not be placed. Please try again later.",
            Assert.Single(await NoticesAsync(admin)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_switch_that_refuses_the_call_fails_it_at_once_as_a_switch_error_releases_the_credit_and_says_so()
    {
        var app = new SmsCallbackApp(_data)
        {
            DeleteDataOnDispose = false,
            // the adapter refuses every originate (a switch that is down or rejects the request); the rest is the simulator
            ConfigureServices = services => services.AddKeyedSingleton<Application.Common.Interfaces.ISwitch>(
                SmsCallback.Infrastructure.Operations.OperationsRegistration.Adapter,
                (sp, _) => new RefusingSwitch(sp.GetRequiredService<SmsCallback.Infrastructure.Switching.Simulator.SwitchSimulator>())),
        };
        _apps.Add(app);
        var admin = await app.AdminClientAsync();
        var account = await CustomerAsync(app, admin);
        var me = await app.ClientForAsync("callback", "pass1234");
        Assert.Equal(HttpStatusCode.Accepted, (await me.PostAsJsonAsync("/api/callbacks", new { destination = Destination })).StatusCode);

        // the dispatch is committed before the switch is asked; the refusal then fails it without waiting for any timeout
        var failed = await CallbackAsync(admin, c => State(c) == "Failed", "the refused callback failed");
        await app.WaitUntilQuietAsync();
        Assert.Equal("SwitchError", failed.GetProperty("failureReason").GetString());
        Assert.Equal(0m, await ReservedAsync(admin, account));
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/simulator/calls"));
        Assert.Equal($"Sorry, your call to {DestinationE164} could not be placed. Please try again later.",
            Assert.Single(await NoticesAsync(admin)).GetProperty("text").GetString());
    }

    private sealed class RefusingSwitch(Application.Common.Interfaces.ISwitch inner) : Application.Common.Interfaces.ISwitch
    {
        public Application.Common.Interfaces.SwitchCapabilities Capabilities => inner.Capabilities;

        public Task OriginateAsync(Application.Common.Interfaces.OriginateCallback request, CancellationToken ct) =>
            throw new Application.Common.Interfaces.SwitchUnavailableException("The switch refused the originate (test).");

        public Task BridgeNewLegAsync(Guid callbackId, string destination, TimeSpan? maxDuration, CancellationToken ct) =>
            inner.BridgeNewLegAsync(callbackId, destination, maxDuration, ct);

        public Task HangupLegAsync(Guid callbackId, Domain.Callbacks.LegKind leg, CancellationToken ct) => inner.HangupLegAsync(callbackId, leg, ct);

        public Task HangupAsync(Guid callbackId, CancellationToken ct) => inner.HangupAsync(callbackId, ct);

        public Task PlayAsync(Guid callbackId, string prompt, string language, CancellationToken ct) => inner.PlayAsync(callbackId, prompt, language, ct);

        public Task RejectIncomingAsync(string switchCallId, CancellationToken ct) => inner.RejectIncomingAsync(switchCallId, ct);

        public IAsyncEnumerable<Application.Common.Interfaces.SwitchEvent> ReadEventsAsync(CancellationToken ct) => inner.ReadEventsAsync(ct);
    }

    [Fact]
    public async Task An_account_with_failure_notices_off_gets_no_sms_and_the_setting_shows_in_me_and_is_validated()
    {
        var app = Start();
        var admin = await app.AdminClientAsync();
        var account = await CustomerAsync(app, admin);
        var me = await app.ClientForAsync("callback", "pass1234");
        Assert.True((await me.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("notifyFailures").GetBoolean());

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/admin/accounts/{account}/failure-notices", new { })).StatusCode);
        Assert.True((await me.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("notifyFailures").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.PutAsJsonAsync($"/api/admin/accounts/{Guid.NewGuid()}/failure-notices", new { notifyFailures = false })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await me.PutAsJsonAsync($"/api/admin/accounts/{account}/failure-notices", new { notifyFailures = false })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent,
            (await admin.PutAsJsonAsync($"/api/admin/accounts/{account}/failure-notices", new { notifyFailures = false })).StatusCode);
        Assert.False((await me.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("notifyFailures").GetBoolean());

        await Rule(admin, Customer, "busy");
        await me.PostAsJsonAsync("/api/callbacks", new { destination = Destination });
        await CallbackAsync(admin, c => State(c) == "Failed", "the callback failed");
        await app.WaitUntilQuietAsync();
        Assert.Empty(await NoticesAsync(admin));
    }
}
