using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Application.Ivr.Speech;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Infrastructure.IntegrationTests.Switching;
using SmsCallback.Infrastructure.Switching.Asterisk;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>The key IVR scenarios of <see cref="IvrTests"/> on the Asterisk ARI adapter: the whole service through its HTTP pipeline with
/// <c>Switch:Provider=Asterisk</c>, talking to a scripted ARI server on 127.0.0.1. Each test plays Asterisk's part as a script of ARI events
/// (answers, hang-ups with their Q.850 cause, keys pressed on leg A) and checks the callback through the API and the ARI requests the
/// adapter made (originations, bridging, prompts played on leg A, hang-ups).</summary>
public sealed class IvrOnAsteriskTests : IAsyncLifetime
{
    private const string Customer = "+48600316058";
    private const string First = "+48774417880";
    private const string Second = "+48226543210";
    private const string Login = "callback";
    private const string Password = "pass1234";

    private ScriptedAriServer _ari = null!;
    private SmsCallbackApp _app = null!;
    private HttpClient _admin = null!;
    private HttpClient _me = null!;
    private Guid _account;

    public async Task InitializeAsync()
    {
        _ari = await ScriptedAriServer.StartAsync();
        _ari.FinishPlaybacks = true; // as Asterisk does: each prompt is followed by its PlaybackFinished
        _app = new SmsCallbackApp(settings: new Dictionary<string, string?>
        {
            ["Switch:Provider"] = "Asterisk",
            ["Switch:Asterisk:BaseUrl"] = _ari.BaseUrl,
            ["Switch:Asterisk:Username"] = ScriptedAriServer.Username,
            ["Switch:Asterisk:Password"] = ScriptedAriServer.Password,
            ["Switch:Asterisk:ReconnectDelayMs"] = "50",
            ["Switch:Asterisk:MaxReconnectDelayMs"] = "200",
        });
        _admin = await _app.AdminClientAsync();
        _account = await _app.CreateAccountAsync(_admin, Login, Password, Customer);
        (await _admin.PostAsJsonAsync($"/api/admin/accounts/{_account}/topups", new { amount = 100, note = "test" })).EnsureSuccessStatusCode();
        _me = await _app.ClientForAsync(Login, Password);
        await _ari.WaitForConnectionsAsync(1); // the event pump took the switch lease and listens to the ARI events
    }

    public async Task DisposeAsync()
    {
        _app.Dispose(); // stops the event pump before its peer goes away
        await _ari.DisposeAsync();
    }

    [Fact]
    public async Task Sms_callback_after_the_destination_hangs_up_the_customer_hears_the_prompt_and_a_second_number_is_bridged()
    {
        var id = await SmsCallbackAsync(First);
        var (a, b1, b2) = (A(id), B(id, 1), B(id, 2));
        var originateA = await OriginationAsync(a);
        Assert.Equal("PJSIP/48600316058@trunk", originateA["endpoint"]);
        Assert.Equal(ScriptedAriServer.App, originateA["app"]);

        await _ari.AnswerAsync(a);
        await ConnectBAsync(id, 1, First);
        Assert.Empty(Played(id)); // no prompt during the call

        await _ari.HangUpAsync(b1, 16);
        await CallbackAsync(id, c => State(c) == "SourceAnswered" && LegB(c, 1).GetProperty("state").GetString() == "Ended", "back at the prompt");
        var prompt = await _ari.WaitForRequestAsync("POST", $"/ari/channels/{a}/play");
        Assert.Equal("sound:smscallback/enter-number", prompt["media"]);
        Assert.False(string.IsNullOrEmpty(prompt["playbackId"]));

        await _ari.PressAsync(a, "48226543210#");
        var connected = await ConnectBAsync(id, 2, Second);
        Assert.Equal([First, Second], NumbersB(connected));
        Assert.Single(_ari.Requests, r => r is { Method: "POST", Path: "/ari/bridges" }); // the second call joins the same bridge
        Assert.DoesNotContain(_ari.Requests, r => r.Method == "DELETE");

        await _ari.HangUpAsync(a, 16); // the customer ends the call: the adapter takes B down with it
        await _ari.WaitForRequestAsync("DELETE", "/ari/channels/" + b2);
        var done = await CallbackAsync(id, c => State(c) == "Completed" && AllEnded(c), "completed when the customer hangs up");
        Assert.Equal(["sound:smscallback/enter-number"], Played(id));
        Assert.Equal(3, done.GetProperty("legs").GetArrayLength());
    }

    [Fact]
    public async Task A_busy_destination_returns_the_customer_to_the_prompt_and_a_new_number_connects()
    {
        var id = await WebCallbackAsync(First);
        var (a, b1) = (A(id), B(id, 1));
        await _ari.AnswerAsync(a);
        await OriginationAsync(b1);
        await _ari.SendAsync(ScriptedAriServer.ChannelStateChange(b1, "Ringing"));
        await _ari.HangUpAsync(b1, 17);

        var back = await CallbackAsync(id, c => State(c) == "SourceAnswered" && LegB(c, 1).GetProperty("state").GetString() == "Ended",
            "back at the prompt after busy");
        Assert.Equal(17, LegB(back, 1).GetProperty("hangupCause").GetInt32());
        await HeardAsync(id, p => p.SequenceEqual(["sound:smscallback/enter-number"]), "the prompt");

        await _ari.PressAsync(a, "0048226543210#");
        var connected = await ConnectBAsync(id, 2, Second);
        Assert.Equal([First, Second], NumbersB(connected));
        Assert.Equal(JsonValueKind.Null, LegB(connected, 1).GetProperty("answeredAt").ValueKind);
        Assert.DoesNotContain(_ari.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task The_end_leg_code_hangs_up_only_the_destination_and_the_customer_dials_a_new_number()
    {
        var id = await WebCallbackAsync(First);
        var (a, b1) = (A(id), B(id, 1));
        await _ari.AnswerAsync(a);
        await ConnectBAsync(id, 1, First);

        await _ari.PressAsync(a, "#1#");

        var hangup = await _ari.WaitForRequestAsync("DELETE", "/ari/channels/" + b1);
        Assert.Equal("normal", hangup["reason"]);
        var back = await CallbackAsync(id, c => State(c) == "SourceAnswered", "back at the prompt");
        Assert.Equal("Answered", LegA(back).GetProperty("state").GetString());
        await HeardAsync(id, p => p.SequenceEqual(["sound:smscallback/enter-number"]), "the prompt");
        Assert.Equal(["/ari/channels/" + b1], Deletes());

        await _ari.PressAsync(a, "48226543210#");
        await ConnectBAsync(id, 2, Second);
        Assert.Equal(["/ari/channels/" + b1], Deletes()); // leg A and the bridge were never touched
    }

    [Fact]
    public async Task The_balance_code_reads_the_balance_during_a_call_and_at_the_prompt()
    {
        var id = await WebCallbackAsync(First);
        var (a, b1) = (A(id), B(id, 1));
        await _ari.AnswerAsync(a);
        await ConnectBAsync(id, 1, First);

        var balance = await BalancePromptAsync();
        await _ari.PressAsync(a, "111");
        await HeardAsync(id, p => p.SequenceEqual(balance), "the balance during the call");
        Assert.Equal("Connected", State(await CallbackAsync(id, _ => true, "the callback")));
        Assert.DoesNotContain(_ari.Requests, r => r.Method == "DELETE");

        await _ari.HangUpAsync(b1, 16);
        var first = balance.Length;
        await HeardAsync(id, p => p.Length == first + 1 && p[first] == "sound:smscallback/enter-number", "the prompt");
        balance = await BalancePromptAsync();
        await _ari.PressAsync(a, "111#");

        var heard = await HeardAsync(id, p => p.Length == first + 1 + balance.Length + 1, "the balance at the prompt, then the prompt again");
        Assert.Equal([.. balance, "sound:smscallback/enter-number"], heard[(first + 1)..]);
        Assert.All(Languages(id), l => Assert.Equal("en", l)); // an English customer hears English recordings
        Assert.Equal(2, Originations().Length); // the balance code is not a number to dial
        Assert.Equal("SourceAnswered", State(await CallbackAsync(id, _ => true, "the callback")));
    }

    [Fact]
    public async Task Silence_at_the_prompt_uses_up_the_attempts_then_goodbye_and_leg_A_is_hung_up()
    {
        await SetIvrAsync(digitTimeoutMs: 1000, maxAttempts: 2);
        var id = await WebCallbackAsync(First);
        var (a, b1) = (A(id), B(id, 1));
        await _ari.AnswerAsync(a);
        await ConnectBAsync(id, 1, First);

        await _ari.HangUpAsync(b1, 16);

        var hangup = await _ari.WaitForRequestAsync("DELETE", "/ari/channels/" + a);
        Assert.Equal("normal", hangup["reason"]);
        var done = await CallbackAsync(id, c => State(c) == "Completed" && AllEnded(c), "completed after the attempts");
        Assert.Equal(["sound:smscallback/enter-number", "sound:smscallback/invalid-number", "sound:smscallback/enter-number", "sound:smscallback/goodbye"], Played(id));
        Assert.Equal(["/ari/channels/" + a], Deletes().Where(p => p.StartsWith("/ari/channels/", StringComparison.Ordinal)));
        var requests = _ari.Requests.Select(r => $"{r.Method} {r.Path} {r["media"]}").ToList();
        Assert.True(requests.IndexOf($"POST /ari/channels/{a}/play sound:smscallback/goodbye") < requests.IndexOf($"DELETE /ari/channels/{a} "),
            "goodbye is played before leg A is hung up");
        Assert.Equal(2, Originations().Length);
        Assert.Equal(2, done.GetProperty("legs").GetArrayLength());
    }

    [Fact]
    public async Task An_invalid_number_and_then_silence_use_up_the_attempts()
    {
        await SetIvrAsync(digitTimeoutMs: 1000, maxAttempts: 2);
        var id = await WebCallbackAsync(First);
        var (a, b1) = (A(id), B(id, 1));
        await _ari.AnswerAsync(a);
        await ConnectBAsync(id, 1, First);
        await _ari.HangUpAsync(b1, 16);
        await HeardAsync(id, p => p.SequenceEqual(["sound:smscallback/enter-number"]), "the prompt");

        await _ari.PressAsync(a, "12#");

        await _ari.WaitForRequestAsync("DELETE", "/ari/channels/" + a);
        await CallbackAsync(id, c => State(c) == "Completed" && AllEnded(c), "completed after the attempts");
        Assert.Equal(["sound:smscallback/enter-number", "sound:smscallback/invalid-number", "sound:smscallback/enter-number", "sound:smscallback/goodbye"], Played(id));
        Assert.Equal(2, Originations().Length); // the invalid number was never dialled
    }

    [Fact]
    public async Task The_customer_hanging_up_at_the_prompt_ends_the_callback_and_nothing_more_is_dialled_or_played()
    {
        await SetIvrAsync(digitTimeoutMs: 1000);
        var id = await WebCallbackAsync(First);
        var (a, b1) = (A(id), B(id, 1));
        await _ari.AnswerAsync(a);
        await ConnectBAsync(id, 1, First);
        await _ari.HangUpAsync(b1, 16);
        await HeardAsync(id, p => p.SequenceEqual(["sound:smscallback/enter-number"]), "the prompt");

        await _ari.HangUpAsync(a, 16);

        var done = await CallbackAsync(id, c => State(c) == "Completed" && AllEnded(c), "completed: the first call was connected");
        Assert.Equal(JsonValueKind.Null, done.GetProperty("failureReason").ValueKind);
        await _ari.WaitForRequestAsync("DELETE", "/ari/bridges/" + AriChannelIds.BridgeFor(id));
        var ivr = _app.Services.GetRequiredService<SmsCallback.Application.Ivr.IvrEngine.IvrEngine>();
        await EventuallyAsync(() => Task.FromResult(ivr.IsFollowing(id)), following => !following, "the IVR to let go of the callback");
        await _app.WaitUntilQuietAsync(); // no digit timer is left: nothing more can be played or dialled
        Assert.Equal(["sound:smscallback/enter-number"], Played(id));
        Assert.Equal(2, Originations().Length);
        Assert.DoesNotContain(Deletes(), p => p.StartsWith("/ari/channels/", StringComparison.Ordinal)); // A and B were already gone
        Assert.Equal(2, (await CallbackAsync(id, _ => true, "the callback")).GetProperty("legs").GetArrayLength());
    }

    [Fact]
    public async Task A_Polish_customer_hears_Polish_recordings_and_each_leg_shows_its_caller_id()
    {
        var created = await _admin.PostAsJsonAsync("/api/admin/access-numbers", new { number = "+48500100200", channel = "generic" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        await PromptLanguageTests.SetLanguageAsync(_app, _account, "pl");

        var id = await SmsCallbackAsync(First);
        var (a, b1, b2) = (A(id), B(id, 1), B(id, 2));
        Assert.Equal("+48500100200", (await OriginationAsync(a))["callerId"]); // leg A: the access number the customer wrote to
        await _ari.AnswerAsync(a);
        Assert.Equal(Customer, (await OriginationAsync(b1))["callerId"]); // leg B: the customer's own number
        await ConnectBAsync(id, 1, First);

        await _ari.PressAsync(a, "111");
        string[] balance = ["sound:smscallback/your-balance-is", "sound:smscallback/digits/100", "sound:smscallback/currency/eur-many"]; // "sto euro"
        await HeardAsync(id, p => p.SequenceEqual(balance), "the balance in Polish");

        await _ari.HangUpAsync(b1, 16);
        await HeardAsync(id, p => p.Length == 4 && p[3] == "sound:smscallback/enter-number", "the prompt");
        await _ari.PressAsync(a, "48226543210#");
        Assert.Equal(Customer, (await OriginationAsync(b2))["callerId"]); // a number dialled at the prompt shows the same
        await ConnectBAsync(id, 2, Second);
        Assert.All(Languages(id), l => Assert.Equal("pl", l));
        Assert.Equal(4, Languages(id).Length);
    }

    // ---- helpers ----

    private static string A(Guid id) => AriChannelIds.For(id, LegKind.A);

    private static string B(Guid id, int n) => AriChannelIds.For(id, LegKind.B, n);

    private static string Endpoint(string number) => $"PJSIP/{number.TrimStart('+')}@trunk";

    /// <summary>Changes only the given IVR settings (the PUT carries them all, the others as they are) and keeps the IVR on.</summary>
    private async Task SetIvrAsync(int? digitTimeoutMs = null, int? maxAttempts = null)
    {
        var s = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/ivr-settings");
        var response = await _admin.PutAsJsonAsync("/api/admin/ivr-settings", new
        {
            enabled = true,
            endLegCode = s.GetProperty("endLegCode").GetString(),
            balanceCode = s.GetProperty("balanceCode").GetString(),
            digitTimeoutMs = digitTimeoutMs ?? s.GetProperty("digitTimeoutMs").GetInt32(),
            maxAttempts = maxAttempts ?? s.GetProperty("maxAttempts").GetInt32(),
            announceMaxTime = s.GetProperty("announceMaxTime").GetBoolean(),
            language = s.GetProperty("language").GetString(),
        });
        response.EnsureSuccessStatusCode();
    }

    private async Task<Guid> WebCallbackAsync(string destination)
    {
        var response = await _me.PostAsJsonAsync("/api/callbacks", new { destination });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal("PJSIP/48600316058@trunk", (await OriginationAsync(A(id)))["endpoint"]);
        return id;
    }

    private async Task<Guid> SmsCallbackAsync(string destination)
    {
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("ivr-ari-1", Customer, "D." + destination)).StatusCode);
        var originate = await _ari.WaitForRequestAsync("POST", "/ari/channels",
            r => r["channelId"] is { } c && AriChannelIds.TryParse(c, out _, out var leg) && leg == LegKind.A);
        Assert.True(AriChannelIds.TryParse(originate["channelId"]!, out var id, out _));
        return id;
    }

    private Task<AriRequest> OriginationAsync(string channelId) => _ari.WaitForRequestAsync("POST", "/ari/channels", r => r["channelId"] == channelId);

    /// <summary>Leg A is up: the adapter dials leg B number <paramref name="n"/>, which rings and answers, joins the callback's bridge, and
    /// the callback is connected.</summary>
    private async Task<JsonElement> ConnectBAsync(Guid id, int n, string number)
    {
        var b = B(id, n);
        Assert.Equal(Endpoint(number), (await OriginationAsync(b))["endpoint"]);
        await _ari.AnswerAsync(b);
        await _ari.WaitForRequestAsync("POST", $"/ari/bridges/{AriChannelIds.BridgeFor(id)}/addChannel", r => r["channel"] == b);
        return await CallbackAsync(id, c => State(c) == "Connected" && CountB(c) == n && LegB(c, n).GetProperty("state").GetString() == "Answered",
            $"connected to {number}");
    }

    private Task<JsonElement> CallbackAsync(Guid id, Func<JsonElement, bool> condition, string what) =>
        EventuallyAsync(() => _me.GetFromJsonAsync<JsonElement>($"/api/callbacks/{id}"), condition, what);

    /// <summary>What the balance code should make leg A hear: "your balance is" and the amount in euros, each a recording.</summary>
    private async Task<string[]> BalancePromptAsync()
    {
        var balance = (await _admin.GetFromJsonAsync<JsonElement>($"/api/admin/accounts/{_account}")).GetProperty("balance").GetDecimal();
        return ["sound:smscallback/your-balance-is", .. SpeechRules.For("en").Amount(balance, "EUR").Select(PromptLanguage.Sound)];
    }

    /// <summary>The media the adapter played, in order; always on leg A (a prompt to any other channel fails the test).</summary>
    private string[] Played(Guid id)
    {
        var plays = _ari.Requests.Where(r => r.Method == "POST" && r.Path.EndsWith("/play", StringComparison.Ordinal)).ToList();
        Assert.All(plays, r => Assert.Equal($"/ari/channels/{A(id)}/play", r.Path));
        return [.. plays.Select(r => r["media"]!)];
    }

    /// <summary>The <c>lang</c> of each prompt played, in order.</summary>
    private string?[] Languages(Guid id) =>
        [.. _ari.Requests.Where(r => r.Method == "POST" && r.Path == $"/ari/channels/{A(id)}/play").Select(r => r["lang"])];

    private Task<string[]> HeardAsync(Guid id, Func<string[], bool> condition, string what) =>
        EventuallyAsync(() => Task.FromResult(Played(id)), condition, what);

    private string[] Deletes() => [.. _ari.Requests.Where(r => r.Method == "DELETE").Select(r => r.Path)];

    private AriRequest[] Originations() => [.. _ari.Requests.Where(r => r is { Method: "POST", Path: "/ari/channels" })];

    private static string? State(JsonElement c) => c.GetProperty("state").GetString();

    private static IEnumerable<JsonElement> Legs(JsonElement c, string kind) =>
        c.GetProperty("legs").EnumerateArray().Where(l => l.GetProperty("kind").GetString() == kind).OrderBy(l => l.GetProperty("dialedAt").GetDateTimeOffset());

    private static JsonElement LegA(JsonElement c) => Legs(c, "A").Single();

    private static JsonElement LegB(JsonElement c, int n) => Legs(c, "B").ElementAtOrDefault(n - 1) is { ValueKind: JsonValueKind.Object } leg
        ? leg
        : JsonDocument.Parse("""{"state":null}""").RootElement;

    private static int CountB(JsonElement c) => Legs(c, "B").Count();

    private static string[] NumbersB(JsonElement c) => [.. Legs(c, "B").Select(l => l.GetProperty("number").GetString()!)];

    private static bool AllEnded(JsonElement c) => c.GetProperty("legs").EnumerateArray().All(l => l.GetProperty("state").GetString() == "Ended");
}
