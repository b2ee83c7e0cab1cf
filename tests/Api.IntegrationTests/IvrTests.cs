using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>The IVR after the call, scenario by scenario, on the simulator: each test scripts the numbers' behaviour and presses keys on leg A.</summary>
public sealed class IvrTests : IDisposable
{
    private const string Customer = "+48600316058";
    private const string First = "+48774417880";
    private const string Second = "+48226543210";
    private readonly SmsCallbackApp _app = new(settings: new Dictionary<string, string?> { ["Switch:Simulator:Mode"] = "Manual" });
    private HttpClient _admin = null!;
    private Guid _account;

    public void Dispose() => _app.Dispose();

    private async Task GivenAsync(int digitTimeoutMs = 10_000, int maxAttempts = 3)
    {
        _admin = await _app.AdminClientAsync();
        _account = await _app.CreateAccountAsync(_admin, "callback", "pass1234", Customer);
        (await _admin.PutAsJsonAsync("/api/admin/ivr-settings", new { enabled = true, digitTimeoutMs, maxAttempts })).EnsureSuccessStatusCode();
        await RuleAsync(Customer, "answer");
    }

    private Task RuleAsync(string number, string outcome, int? hangupAfterMs = null) =>
        _admin.PostAsJsonAsync("/api/admin/simulator/rules", new { number, outcome, answerAfterMs = 20, hangupAfterMs });

    private async Task<JsonElement> CallbackAsync(Func<JsonElement, bool> condition, string what) =>
        (await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/callbacks"), c => c.Length == 1 && condition(c[0]), what))[0];

    private static Func<JsonElement, bool> InState(string state) => c => c.GetProperty("state").GetString() == state;

    private static int CountB(JsonElement c) => c.GetProperty("legs").EnumerateArray().Count(l => l.GetProperty("kind").GetString() == "B");

    private async Task<JsonElement> LegAAsync() =>
        (await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/simulator/calls"),
            calls => calls.Any(c => c.GetProperty("leg").GetString() == "A"), "leg A")).Single(c => c.GetProperty("leg").GetString() == "A");

    private async Task PressAsync(string keys)
    {
        var a = (await LegAAsync()).GetProperty("callId").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PostAsJsonAsync($"/api/admin/simulator/calls/{a}/dtmf", new { digits = keys })).StatusCode);
    }

    private async Task<string[]> HeardAsync(Func<string[], bool> condition, string what) =>
        await EventuallyAsync(async () => (await LegAAsync()).GetProperty("played").EnumerateArray().Select(p => p.GetString()!).ToArray(), condition, what);

    private async Task StartAsync()
    {
        await _app.PostSmsAsync("ivr-1", Customer, "D." + First);
    }

    [Fact]
    public async Task After_the_destination_hangs_up_the_customer_dials_a_second_number_from_the_same_call()
    {
        await GivenAsync();
        await RuleAsync(First, "answer", hangupAfterMs: 100);
        await RuleAsync(Second, "answer");
        await StartAsync();

        await CallbackAsync(c => InState("SourceAnswered")(c) && CountB(c) == 1, "back at the prompt after the first call");
        await HeardAsync(p => p.Contains("sound:smscallback/enter-number"), "the prompt");
        await PressAsync("48226543210#");

        var connected = await CallbackAsync(c => InState("Connected")(c) && CountB(c) == 2, "the second call connected");
        Assert.Equal([First, Second], connected.GetProperty("legs").EnumerateArray()
            .Where(l => l.GetProperty("kind").GetString() == "B").Select(l => l.GetProperty("number").GetString()));
        await _admin.PostAsync($"/api/admin/simulator/calls/{(await LegAAsync()).GetProperty("callId").GetString()}/hangup", null);
        var done = await CallbackAsync(c => InState("Completed")(c)
            && c.GetProperty("legs").EnumerateArray().All(l => l.GetProperty("state").GetString() == "Ended"),
            "completed when the customer hangs up, every leg ended (each leg's hang-up is its own event)");
        Assert.Equal(3, done.GetProperty("legs").GetArrayLength());
    }

    [Fact]
    public async Task A_busy_destination_returns_the_customer_to_the_prompt_and_a_new_number_connects()
    {
        await GivenAsync();
        await RuleAsync(First, "busy");
        await RuleAsync(Second, "answer");
        await StartAsync();

        await CallbackAsync(c => InState("SourceAnswered")(c) && CountB(c) == 1, "back at the prompt after busy");
        await HeardAsync(p => p.Contains("sound:smscallback/enter-number"), "the prompt");
        await PressAsync("0048226543210#");

        await CallbackAsync(c => InState("Connected")(c) && CountB(c) == 2, "the new number connected");
    }

    [Fact]
    public async Task The_end_leg_code_hangs_up_the_destination_and_keeps_the_customer()
    {
        await GivenAsync();
        await RuleAsync(First, "answer");
        await RuleAsync(Second, "answer");
        await StartAsync();
        await CallbackAsync(InState("Connected"), "connected");

        await PressAsync("#1#");

        await CallbackAsync(c => InState("SourceAnswered")(c), "back at the prompt");
        Assert.Equal("Answered", (await LegAAsync()).GetProperty("state").GetString());
        await HeardAsync(p => p.Contains("sound:smscallback/enter-number"), "the prompt");
        await PressAsync("48226543210#");
        await CallbackAsync(c => InState("Connected")(c) && CountB(c) == 2, "the next call");
    }

    [Fact]
    public async Task The_balance_code_reads_the_balance_at_the_prompt_and_during_a_call()
    {
        await GivenAsync();
        await RuleAsync(First, "answer");
        await StartAsync();
        await CallbackAsync(InState("Connected"), "connected");

        await PressAsync("111");
        await HeardAsync(p => p.Contains("sound:smscallback/digits/0") && p.Contains("sound:smscallback/currency/eur-other"),
            "the balance during the call: zero euros");
        Assert.Equal("Connected", (await CallbackAsync(_ => true, "still connected")).GetProperty("state").GetString());

        await PressAsync("#1#");
        await HeardAsync(p => p.Contains("sound:smscallback/enter-number"), "the prompt");
        await CallbackAsync(c => c.GetProperty("legs").EnumerateArray().Any(l => l.GetProperty("cost").ValueKind == JsonValueKind.Number),
            "the first call charged");
        var balance = (await (await _admin.GetAsync($"/api/admin/accounts/{_account}")).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("balance").GetDecimal();
        Assert.True(balance < 0, "the call was charged on the credit limit");
        await PressAsync("111#");
        string[] spoken = ["sound:smscallback/your-balance-is",
            .. SmsCallback.Application.Ivr.Speech.SpeechRules.For("en").Amount(balance, "EUR").Select(n => "sound:smscallback/" + n),
            "sound:smscallback/enter-number"]; // and then the prompt again
        await HeardAsync(p => p.Length >= spoken.Length && p[^spoken.Length..].SequenceEqual(spoken), "the balance at the prompt, after the first call's charge");
    }

    [Fact]
    public async Task A_new_number_that_breaks_a_fraud_rule_or_the_credit_is_refused_with_its_prompt_and_each_call_is_its_own_charged_leg()
    {
        await GivenAsync(maxAttempts: 3);
        await RuleAsync(First, "answer", hangupAfterMs: 100);
        await RuleAsync(Second, "answer", hangupAfterMs: 100);
        await StartAsync();
        await CallbackAsync(c => InState("SourceAnswered")(c) && CountB(c) == 1, "back at the prompt after the first call");

        await PressAsync("881612345678#"); // a satellite range, blocked by default
        await HeardAsync(p => p.Count(x => x == "sound:smscallback/invalid-number") == 1, "the refusal of the blocked number");
        await PressAsync("48226543210#");
        await CallbackAsync(c => InState("SourceAnswered")(c) && CountB(c) == 2, "back at the prompt after the second call");

        (await _admin.PutAsJsonAsync($"/api/admin/accounts/{_account}", new { creditLimit = 0m })).EnsureSuccessStatusCode();
        await PressAsync("48774417880#");
        await HeardAsync(p => p.Contains("sound:smscallback/not-enough-credit"), "the refusal for lack of credit");

        var callback = await CallbackAsync(c => c.GetProperty("legs").EnumerateArray().Count(l => l.GetProperty("cost").ValueKind == JsonValueKind.Number) == 2,
            "both destinations charged");
        var b = callback.GetProperty("legs").EnumerateArray().Where(l => l.GetProperty("kind").GetString() == "B").ToList();
        Assert.Equal([First, Second], b.Select(l => l.GetProperty("number").GetString()));
        Assert.All(b, l => Assert.True(l.GetProperty("cost").GetDecimal() > 0 && l.GetProperty("billedSeconds").GetInt32() > 0));
    }

    [Fact]
    public async Task The_maximum_call_time_is_announced_when_the_settings_ask_for_it()
    {
        await GivenAsync();
        (await _admin.PutAsJsonAsync("/api/admin/ivr-settings", new { announceMaxTime = true })).EnsureSuccessStatusCode();
        (await _admin.PutAsJsonAsync($"/api/admin/accounts/{_account}", new { creditLimit = 1.00m, maxConcurrentCallbacks = 1 })).EnsureSuccessStatusCode();
        await RuleAsync(First, "answer");
        await StartAsync();

        // The default tariff: 0.05 a minute on each leg, leg A 60 s longer: 0.05 (t + 60) / 60 + 0.05 t / 60 <= 1.00 → t = 570 s: 9 minutes.
        var heard = await HeardAsync(p => p.Contains("sound:smscallback/time/minute-other"), "the announcement");
        Assert.Equal(["sound:smscallback/you-may-talk-for", "sound:smscallback/digits/9", "sound:smscallback/time/minute-other"], heard[..3]);
        Assert.Equal(570, (await CallbackAsync(_ => true, "the callback")).GetProperty("maxDurationSeconds").GetInt32());
    }

    [Fact]
    public async Task Silence_at_the_prompt_uses_up_the_attempts_then_goodbye_and_the_call_ends()
    {
        await GivenAsync(digitTimeoutMs: 1000, maxAttempts: 2);
        await RuleAsync(First, "answer", hangupAfterMs: 50);
        await StartAsync();

        var done = await CallbackAsync(c => InState("Completed")(c)
            && c.GetProperty("legs").EnumerateArray().All(l => l.GetProperty("state").GetString() == "Ended"), "the call ended after the attempts");
        var heard = await HeardAsync(p => p.Length > 0, "prompts");
        Assert.Equal(["sound:smscallback/enter-number", "sound:smscallback/invalid-number", "sound:smscallback/enter-number", "sound:smscallback/goodbye"], heard);
        Assert.All(done.GetProperty("legs").EnumerateArray(), l => Assert.Equal("Ended", l.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task An_invalid_number_is_refused_and_counts_as_an_attempt()
    {
        await GivenAsync(maxAttempts: 2);
        await RuleAsync(First, "busy");
        await StartAsync();
        await HeardAsync(p => p.Contains("sound:smscallback/enter-number"), "the prompt");

        await PressAsync("12#");
        await HeardAsync(p => p.Contains("sound:smscallback/invalid-number"), "the refusal");
        await PressAsync("999#");

        var done = await CallbackAsync(InState("Failed"), "the call ended after the second refusal");
        Assert.Equal("DestinationBusy", done.GetProperty("failureReason").GetString()); // no destination was ever connected
        Assert.Equal(1, CountB(done)); // the invalid numbers were never dialled
    }

    [Fact]
    public async Task The_customer_hanging_up_at_the_prompt_ends_the_callback()
    {
        await GivenAsync();
        await RuleAsync(First, "answer", hangupAfterMs: 50);
        await StartAsync();
        await HeardAsync(p => p.Contains("sound:smscallback/enter-number"), "the prompt");

        await _admin.PostAsync($"/api/admin/simulator/calls/{(await LegAAsync()).GetProperty("callId").GetString()}/hangup", null);

        await CallbackAsync(InState("Completed"), "completed: the first call was connected");
    }

    [Fact]
    public async Task The_settings_are_validated_and_kept()
    {
        _admin = await _app.AdminClientAsync();
        var bad = await _admin.PutAsJsonAsync("/api/admin/ivr-settings", new { endLegCode = "1x", digitTimeoutMs = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        (await _admin.PutAsJsonAsync("/api/admin/ivr-settings", new { endLegCode = "*9", balanceCode = "*0", language = "pl" })).EnsureSuccessStatusCode();

        var settings = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/ivr-settings");
        Assert.Equal(("*9", "*0", "pl", true), (settings.GetProperty("endLegCode").GetString(), settings.GetProperty("balanceCode").GetString(),
            settings.GetProperty("language").GetString(), settings.GetProperty("enabled").GetBoolean()));
        var customer = await _app.CreateAccountAsync(_admin, "callback", "pass1234");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.ClientForAsync("callback", "pass1234")).GetAsync("/api/admin/ivr-settings")).StatusCode);
    }
}
