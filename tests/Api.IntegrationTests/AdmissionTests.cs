using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Issue 12, items 1 and 2: one admission for every origin, with the fraud rules on every number the platform would ring (leg A
/// as well as leg B), and each origin reporting a refusal its own way. "Nothing rings" is read from the simulator's calls.</summary>
public sealed class AdmissionTests : IDisposable
{
    private const string Customer = "+48600316058";
    private const string Destination = "+48774417880";
    private const string Satellite = "+88216123456"; // 882: blocked on a fresh install
    private const string Iprs = "+979123456789"; // 979: International Premium Rate Service, blocked on a fresh install
    private const string UsPremium = "+19002345678"; // 1900: blocked on a fresh install
    private const string NewYork = "+12127363100"; // not blocked, but outside an allow-list of "48"
    private const string AccessNumber = "+48500100200";
    private readonly SmsCallbackApp _app = new(settings: new Dictionary<string, string?> { ["Switch:Simulator:Mode"] = "Manual" });
    private HttpClient _admin = null!;
    private Guid _account;
    private int _sms;

    public void Dispose() => _app.Dispose();

    private async Task GivenCustomerAsync(params string[] morePhones)
    {
        _admin = await _app.AdminClientAsync();
        _account = await _app.CreateAccountAsync(_admin, "callback", "pass1234", [Customer, .. morePhones]);
    }

    private async Task AllowOnlyAsync(params string[] prefixes) =>
        (await _admin.PutAsJsonAsync($"/api/admin/accounts/{_account}/fraud-controls", new { allowedPrefixes = prefixes })).EnsureSuccessStatusCode();

    private Task<JsonElement[]> CallbacksAsync() => GetArrayAsync(_admin, "/api/admin/callbacks");

    private Task<JsonElement[]> SimulatedCallsAsync() => GetArrayAsync(_admin, "/api/admin/simulator/calls");

    private async Task NothingRangAsync()
    {
        Assert.Empty(await CallbacksAsync());
        Assert.DoesNotContain(await SimulatedCallsAsync(), c => !c.GetProperty("incoming").GetBoolean());
    }

    /// <summary>Sends an SMS from <paramref name="from"/> and returns the reply once the SMS is processed.</summary>
    private async Task<string> SmsReplyAsync(string from, string text)
    {
        var id = $"adm-{++_sms}";
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync(id, from, text)).StatusCode);
        var inbox = await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/sms/inbox"),
            i => i.Any(x => x.GetProperty("messageId").GetString() == id && x.GetProperty("status").GetString() == "Processed"), $"{text} processed");
        var smsId = inbox.First(x => x.GetProperty("messageId").GetString() == id).GetProperty("id").GetString();
        var outbox = await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/sms/outbox"),
            o => o.Any(x => x.GetProperty("inboundSmsId").GetString() == smsId), "the reply");
        return outbox.First(x => x.GetProperty("inboundSmsId").GetString() == smsId).GetProperty("text").GetString()!;
    }

    private static async Task<string?> DetailAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>()).TryGetProperty("detail", out var d) ? d.GetString() : null;

    // ---- item 1: leg A, web --------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Web_a_source_that_is_not_one_of_the_accounts_phones_is_refused_and_nothing_rings()
    {
        await GivenCustomerAsync();
        var me = await _app.ClientForAsync("callback", "pass1234");

        var response = await me.PostAsJsonAsync("/api/callbacks", new { destination = "48774417880", source = Satellite });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal("The source must be one of your registered phones.", errors.GetProperty("source")[0].GetString());
        await NothingRangAsync();
    }

    [Fact]
    public async Task Web_a_registered_source_in_a_blocked_range_is_refused_with_403_and_nothing_rings()
    {
        await GivenCustomerAsync(Satellite); // an operator registered it: registration is not where the fraud rules are enforced
        var me = await _app.ClientForAsync("callback", "pass1234");

        var response = await me.PostAsJsonAsync("/api/callbacks", new { destination = "48774417880", source = Satellite });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal($"Calls to {Satellite} are not allowed.", await DetailAsync(response));
        await NothingRangAsync();
    }

    [Fact]
    public async Task Web_a_registered_source_outside_the_allow_list_is_refused_with_403()
    {
        await GivenCustomerAsync(UsPremium, NewYork);
        await AllowOnlyAsync("48");
        var me = await _app.ClientForAsync("callback", "pass1234");

        var premium = await me.PostAsJsonAsync("/api/callbacks", new { destination = "48774417880", source = UsPremium });
        var outside = await me.PostAsJsonAsync("/api/callbacks", new { destination = "48774417880", source = NewYork });

        Assert.Equal((HttpStatusCode.Forbidden, HttpStatusCode.Forbidden), (premium.StatusCode, outside.StatusCode));
        Assert.Equal($"Your account may not call {NewYork}.", await DetailAsync(outside));
        await NothingRangAsync();
    }

    // ---- item 1: leg A, SMS ---------------------------------------------------------------------------------------------------------

    [Fact]
    public async Task Sms_a_source_in_a_blocked_range_is_refused_with_its_reply_and_nothing_rings()
    {
        await GivenCustomerAsync();

        var reply = await SmsReplyAsync(Customer, "D.48774417880 O." + Satellite);

        Assert.Equal($"Calls to {Satellite} are not allowed.", reply);
        await NothingRangAsync();
    }

    [Fact]
    public async Task Sms_with_an_allow_list_of_48_a_premium_or_foreign_source_is_refused_with_its_reply()
    {
        await GivenCustomerAsync();
        await AllowOnlyAsync("48");

        Assert.Equal($"Calls to {UsPremium} are not allowed.", await SmsReplyAsync(Customer, "D.48774417880 O." + UsPremium));
        Assert.Equal($"Your account may not call {NewYork}.", await SmsReplyAsync(Customer, "D.48774417880 O." + NewYork));
        await NothingRangAsync();
    }

    // ---- item 1: leg A, ANI (the ring-back number) -----------------------------------------------------------------------------------

    /// <summary>Rings the access number from <paramref name="refused"/>, then from the customer's good phone; the switch's events are
    /// handled in order, so once the good phone's callback exists the refused one has been decided.</summary>
    private async Task RingFromThenFromTheGoodPhoneAsync(string refused)
    {
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsJsonAsync("/api/admin/simulator/incoming", new { from = refused, to = AccessNumber })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.PostAsJsonAsync("/api/admin/simulator/incoming", new { from = Customer, to = AccessNumber })).StatusCode);
        await EventuallyAsync(CallbacksAsync, c => c.Any(x => x.GetProperty("source").GetString() == Customer), "the good phone's ring-back");
    }

    private async Task NotRungBackAsync(string number)
    {
        Assert.DoesNotContain(await CallbacksAsync(), c => c.GetProperty("source").GetString() == number);
        var calls = await SimulatedCallsAsync();
        Assert.DoesNotContain(calls, c => !c.GetProperty("incoming").GetBoolean() && c.GetProperty("number").GetString() == number);
        var incoming = Assert.Single(calls, c => c.GetProperty("incoming").GetBoolean() && c.GetProperty("number").GetString() == number);
        Assert.Equal(21, incoming.GetProperty("hangupCause").GetInt32()); // still rejected unanswered: the caller pays nothing
    }

    [Fact]
    public async Task Ani_a_registered_phone_in_the_premium_rate_range_is_not_rung_back()
    {
        await GivenCustomerAsync(Iprs);

        await RingFromThenFromTheGoodPhoneAsync(Iprs);

        await NotRungBackAsync(Iprs);
    }

    [Fact]
    public async Task Ani_a_registered_phone_outside_the_allow_list_is_not_rung_back()
    {
        await GivenCustomerAsync(NewYork);
        await AllowOnlyAsync("48");

        await RingFromThenFromTheGoodPhoneAsync(NewYork);

        await NotRungBackAsync(NewYork);
    }

    // ---- item 1: the IVR's new numbers (leg B) and item 2: the IVR reports refusals with its prompts -------------------------------

    private async Task AtTheIvrPromptAsync()
    {
        await GivenCustomerAsync();
        (await _admin.PutAsJsonAsync("/api/admin/ivr-settings", new { enabled = true, digitTimeoutMs = 10_000, maxAttempts = 3 })).EnsureSuccessStatusCode();
        await _admin.PostAsJsonAsync("/api/admin/simulator/rules", new { number = Customer, outcome = "answer", answerAfterMs = 20 });
        await _admin.PostAsJsonAsync("/api/admin/simulator/rules", new { number = Destination, outcome = "answer", answerAfterMs = 20, hangupAfterMs = 100 });
        await _app.PostSmsAsync("ivr-1", Customer, "D." + Destination);
        await EventuallyAsync(CallbacksAsync, c => c.Length == 1 && c[0].GetProperty("state").GetString() == "SourceAnswered" && LegsB(c[0]) == 1,
            "back at the prompt after the first call");
        await HeardAsync(p => p.Contains("sound:smscallback/enter-number"), "the prompt");
    }

    private static int LegsB(JsonElement callback) => callback.GetProperty("legs").EnumerateArray().Count(l => l.GetProperty("kind").GetString() == "B");

    private async Task<JsonElement> LegAAsync() =>
        (await EventuallyAsync(SimulatedCallsAsync, calls => calls.Any(c => c.GetProperty("leg").GetString() == "A"), "leg A"))
        .Single(c => c.GetProperty("leg").GetString() == "A");

    private async Task PressAsync(string keys) =>
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PostAsJsonAsync(
            $"/api/admin/simulator/calls/{(await LegAAsync()).GetProperty("callId").GetString()}/dtmf", new { digits = keys })).StatusCode);

    private async Task<string[]> HeardAsync(Func<string[], bool> condition, string what) =>
        await EventuallyAsync(async () => (await LegAAsync()).GetProperty("played").EnumerateArray().Select(p => p.GetString()!).ToArray(), condition, what);

    [Fact]
    public async Task Ivr_a_new_number_in_a_blocked_range_is_refused_with_the_invalid_number_prompt_and_never_dialled()
    {
        await AtTheIvrPromptAsync();

        await PressAsync("88216123456#");

        await HeardAsync(p => p.Contains("sound:smscallback/invalid-number"), "the refusal");
        Assert.Equal(1, LegsB((await CallbacksAsync()).Single()));
        Assert.DoesNotContain(await SimulatedCallsAsync(), c => c.GetProperty("number").GetString() == Satellite);
    }

    [Fact]
    public async Task Ivr_a_new_number_is_refused_once_the_origins_service_is_switched_off()
    {
        await AtTheIvrPromptAsync();
        (await _admin.PutAsJsonAsync($"/api/admin/accounts/{_account}",
            new { creditLimit = TestCreditLimit, maxConcurrentCallbacks = 5, services = new { smsCallback = false, webCallback = true, aniCallback = true, pc2Phone = false } }))
            .EnsureSuccessStatusCode(); // the same credit: only the service changes

        await PressAsync("48226543210#");

        await HeardAsync(p => p.Contains("sound:smscallback/invalid-number"), "the refusal");
        Assert.Equal(1, LegsB((await CallbacksAsync()).Single()));
        Assert.DoesNotContain(await SimulatedCallsAsync(), c => c.GetProperty("number").GetString() == "+48226543210");
    }

    [Fact]
    public async Task Ivr_a_new_number_without_credit_is_refused_with_the_no_credit_prompt()
    {
        await AtTheIvrPromptAsync();
        (await _admin.PutAsJsonAsync($"/api/admin/accounts/{_account}", new { creditLimit = 0m })).EnsureSuccessStatusCode();

        await PressAsync("48226543210#");

        await HeardAsync(p => p.Contains("sound:smscallback/not-enough-credit"), "the refusal for lack of credit");
        Assert.Equal(1, LegsB((await CallbacksAsync()).Single()));
    }

    // ---- item 2: how the web reports each kind of refusal ---------------------------------------------------------------------------

    [Fact]
    public async Task Web_reports_money_as_402_too_many_calls_as_409_rules_as_403_and_bad_input_as_400()
    {
        await GivenCustomerAsync();
        (await _admin.PutAsJsonAsync($"/api/admin/accounts/{_account}", new { creditLimit = 0m, maxConcurrentCallbacks = 1 })).EnsureSuccessStatusCode();
        var me = await _app.ClientForAsync("callback", "pass1234");

        var money = await me.PostAsJsonAsync("/api/callbacks", new { destination = Destination });
        Assert.Equal(HttpStatusCode.PaymentRequired, money.StatusCode);
        Assert.Equal("Your balance is too low for this call: 0.00 EUR.", await DetailAsync(money));

        (await _admin.PutAsJsonAsync($"/api/admin/accounts/{_account}", new { creditLimit = 100m, maxConcurrentCallbacks = 1 })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Accepted, (await me.PostAsJsonAsync("/api/callbacks", new { destination = Destination })).StatusCode);
        var busy = await me.PostAsJsonAsync("/api/callbacks", new { destination = Destination });
        Assert.Equal(HttpStatusCode.Conflict, busy.StatusCode);
        Assert.Equal("You already have a call in progress. Wait until it ends.", await DetailAsync(busy));

        var blocked = await me.PostAsJsonAsync("/api/callbacks", new { destination = Satellite });
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
        Assert.Equal($"Calls to {Satellite} are not allowed.", await DetailAsync(blocked));

        Assert.Equal(HttpStatusCode.BadRequest, (await me.PostAsJsonAsync("/api/callbacks", new { destination = "12345" })).StatusCode);
        Assert.Single(await CallbacksAsync());
    }
}
