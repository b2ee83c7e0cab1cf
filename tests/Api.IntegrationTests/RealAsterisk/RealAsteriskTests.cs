using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Infrastructure.Switching.Asterisk;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;
using Behaviour = SmsCallback.Api.IntegrationTests.RealAsterisk.AsteriskInstance.Behaviour;

namespace SmsCallback.Api.IntegrationTests.RealAsterisk;

/// <summary>The whole service, through its HTTP pipeline, against a real Asterisk (built by <c>scripts/build-asterisk.sh</c>) started for
/// each test with its own configuration: ARI on a loopback port, legs as <c>Local/{number}@sim</c> channels whose far ends answer, are
/// busy, never answer, key DTMF or hang up as the test tells them. What Asterisk did is read from Asterisk (its channels, and the events
/// of an observer application subscribed to everything), what the platform made of it from the API. Skipped when no Asterisk is installed.
/// Prompts are played as the platform asks; a fresh Asterisk has no recordings, so each playback fails in Asterisk and finishes at once.</summary>
public sealed class RealAsteriskTests : IAsyncLifetime
{
    private const string Customer = "+48600316058";
    private const string First = "+48774417880";
    private const string Second = "+48226543210";
    private const string AccessNumber = "+48500100200";
    private const string Login = "callback";
    private const string Password = "pass1234";

    private AsteriskInstance _asterisk = null!;
    private AriObserver _observer = null!;
    private SmsCallbackApp _app = null!;
    private HttpClient _admin = null!;
    private HttpClient _me = null!;
    private Guid _account;

    private async Task StartAsync(Dictionary<string, string?>? settings = null, bool ivr = true)
    {
        _asterisk = await AsteriskInstance.StartAsync();
        _observer = await AriObserver.StartAsync(_asterisk);
        var all = new Dictionary<string, string?>
        {
            ["Switch:Provider"] = "Asterisk",
            ["Switch:Asterisk:BaseUrl"] = _asterisk.BaseUrl,
            ["Switch:Asterisk:Username"] = AsteriskInstance.Username,
            ["Switch:Asterisk:Password"] = AsteriskInstance.Password,
            ["Switch:Asterisk:Endpoint"] = AsteriskInstance.Endpoint,
            ["Switch:Asterisk:ReconnectDelayMs"] = "100",
            ["Switch:Asterisk:MaxReconnectDelayMs"] = "500",
            ["Switch:Asterisk:KeepAliveSeconds"] = "1", // every test also keeps the connection alive through several PINGs
            ["Switch:Asterisk:OriginateTimeoutSeconds"] = "4",
        };
        foreach (var (key, value) in settings ?? []) all[key] = value;
        _app = new SmsCallbackApp(settings: all);
        _admin = await _app.AdminClientAsync();
        _account = await _app.CreateAccountAsync(_admin, Login, Password, Customer);
        (await _admin.PostAsJsonAsync($"/api/admin/accounts/{_account}/topups", new { amount = 50, note = "test" })).EnsureSuccessStatusCode();
        _me = await _app.ClientForAsync(Login, Password);
        if (!ivr) await DisableIvrAsync(_admin);
        await EventuallyAsync(() => Task.FromResult(Stream.Connections), c => c >= 1, "the platform's ARI event connection");
    }

    public Task InitializeAsync() => Task.CompletedTask; // each test starts Asterisk with its own settings

    public async Task DisposeAsync()
    {
        _app?.Dispose();
        if (_observer is not null) await _observer.DisposeAsync();
        if (_asterisk is not null) await _asterisk.DisposeAsync();
    }

    private AriEventStream Stream => _app.Services.GetRequiredService<AriEventStream>();

    [RealAsteriskFact]
    public async Task The_event_connection_stays_up_through_several_keep_alives_and_Asterisk_stays_alive()
    {
        await StartAsync();
        await Task.Delay(TimeSpan.FromSeconds(4.5)); // more than 3 keep-alive intervals of 1 s: Asterisk 22 crashed on the first PONG

        Assert.True(_asterisk.IsRunning, $"Asterisk died:\n{_asterisk.Output}");
        Assert.Equal(1, Stream.Connections);

        var id = await WebCallbackAsync(First); // and the connection still carries a whole call
        await CallbackAsync(id, c => State(c) == "Connected", "connected");
        await _asterisk.HangUpFarEndAsync(Customer);
        await CallbackAsync(id, c => State(c) == "Completed" && AllEnded(c), "completed");
        Assert.True(_asterisk.IsRunning);
    }

    [RealAsteriskFact]
    public async Task An_answered_call_completes_both_legs_are_billed_and_no_channel_is_left_behind()
    {
        await StartAsync(ivr: false);
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("real-1", Customer, "D." + First)).StatusCode);
        var id = (await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/callbacks"), c => c.Length == 1, "the callback"))[0].GetProperty("id").GetGuid();

        var connected = await CallbackAsync(id, c => State(c) == "Connected", "connected");
        Assert.Equal([Customer, First], Numbers(connected));
        await Task.Delay(TimeSpan.FromSeconds(2)); // a talk of about two seconds
        await _asterisk.HangUpFarEndAsync(First);

        var done = await CallbackAsync(id, c => State(c) == "Completed" && AllEnded(c) && Legs(c).All(l => l.GetProperty("cost").ValueKind == JsonValueKind.Number),
            "completed and billed");
        Assert.Equal(JsonValueKind.Null, done.GetProperty("failureReason").ValueKind);
        foreach (var leg in Legs(done))
        {
            Assert.True(leg.GetProperty("billedSeconds").GetInt32() >= 2, $"leg {leg.GetProperty("kind")} billed {leg.GetProperty("billedSeconds")} s");
            Assert.True(leg.GetProperty("cost").GetDecimal() > 0);
            Assert.Equal(16, leg.GetProperty("hangupCause").GetInt32());
        }
        var ledger = await _me.GetFromJsonAsync<JsonElement>("/api/me/ledger");
        Assert.Equal(50m - Legs(done).Sum(l => l.GetProperty("cost").GetDecimal()), ledger.GetProperty("balance").GetDecimal());
        await NoChannelsLeftAsync();
    }

    [RealAsteriskFact]
    public async Task A_busy_destination_fails_the_callback_as_busy_and_one_that_never_answers_as_no_answer()
    {
        await StartAsync(ivr: false);
        await _asterisk.BehaveAsync(First, Behaviour.Busy);
        await _asterisk.BehaveAsync(Second, Behaviour.NoAnswer);

        var busy = await WebCallbackAsync(First);
        var failed = await CallbackAsync(busy, c => State(c) == "Failed" && AllEnded(c), "failed on busy");
        Assert.Equal("DestinationBusy", failed.GetProperty("failureReason").GetString());
        Assert.Equal(17, LegB(failed).GetProperty("hangupCause").GetInt32());
        await NoChannelsLeftAsync();

        var started = DateTimeOffset.UtcNow;
        var silent = await WebCallbackAsync(Second);
        failed = await CallbackAsync(silent, c => State(c) == "Failed" && AllEnded(c), "failed on no answer");
        Assert.Equal("DestinationNoAnswer", failed.GetProperty("failureReason").GetString());
        Assert.Equal(19, LegB(failed).GetProperty("hangupCause").GetInt32());
        Assert.True(DateTimeOffset.UtcNow - started >= TimeSpan.FromSeconds(4), "gave up before the originate timeout");
        Assert.Equal(0m, Legs(failed).Where(l => l.GetProperty("kind").GetString() == "B").Sum(l => l.GetProperty("cost").GetDecimal()));
        await NoChannelsLeftAsync();
    }

    [RealAsteriskFact]
    public async Task After_the_destination_hangs_up_the_customer_keys_a_new_number_at_the_prompt_and_is_bridged_to_it()
    {
        await StartAsync();
        var id = await WebCallbackAsync(First);
        await CallbackAsync(id, c => State(c) == "Connected", "connected to the first number");

        await _asterisk.HangUpFarEndAsync(First);
        await CallbackAsync(id, c => State(c) == "SourceAnswered", "back at the prompt");
        await _observer.WaitForAsync(e => IsPlayback(e, "sound:smscallback/enter-number"), "the prompt");
        await _asterisk.PressAsync(Customer, "48226543210#");

        var connected = await CallbackAsync(id, c => State(c) == "Connected" && NumbersB(c).Length == 2, "connected to the second number");
        Assert.Equal([First, Second], NumbersB(connected));
        await _asterisk.HangUpFarEndAsync(Customer);
        await CallbackAsync(id, c => State(c) == "Completed" && AllEnded(c), "completed");
        await NoChannelsLeftAsync();
    }

    [RealAsteriskFact]
    public async Task The_end_leg_code_hangs_up_the_destination_keeps_the_customer_and_the_balance_code_reads_the_balance()
    {
        await StartAsync();
        var id = await WebCallbackAsync(First);
        await CallbackAsync(id, c => State(c) == "Connected", "connected");

        await _asterisk.PressAsync(Customer, "111");
        await _observer.WaitForAsync(e => IsPlayback(e, "sound:smscallback/your-balance-is") && Language(e) == "en", "the balance prompt, in English");
        await _observer.WaitForAsync(e => IsPlayback(e, "sound:smscallback/currency/"), "the balance read out with its currency");
        Assert.Equal("Connected", State(await CallbackAsync(id, _ => true, "still connected")));

        await _asterisk.PressAsync(Customer, "#1#");
        var back = await CallbackAsync(id, c => State(c) == "SourceAnswered" && LegB(c).GetProperty("state").GetString() == "Ended", "B hung up, A kept");
        Assert.Equal("Answered", Legs(back).Single(l => l.GetProperty("kind").GetString() == "A").GetProperty("state").GetString());
        await _observer.WaitForAsync(e => IsPlayback(e, "sound:smscallback/enter-number"), "the prompt after the end-leg code");
        Assert.Contains(_observer.OfType("ChannelDestroyed"), e => e.GetProperty("channel").GetProperty("id").GetString() == AriChannelIds.For(id, Domain.Callbacks.LegKind.B));

        await _asterisk.HangUpFarEndAsync(Customer);
        await CallbackAsync(id, c => State(c) == "Completed" && AllEnded(c), "completed");
        await NoChannelsLeftAsync();
    }

    [RealAsteriskFact]
    public async Task The_platform_cuts_a_call_at_its_maximum_time_though_nobody_hangs_up()
    {
        await StartAsync(new() { ["Billing:MaxCallSeconds"] = "5", ["Billing:MinimumCallSeconds"] = "1" }, ivr: false);
        var id = await WebCallbackAsync(First);
        var connected = await CallbackAsync(id, c => State(c) == "Connected", "connected");
        Assert.Equal(5, connected.GetProperty("maxDurationSeconds").GetInt32());

        var done = await CallbackAsync(id, c => State(c) == "Completed" && AllEnded(c) && LegB(c).GetProperty("billedSeconds").ValueKind == JsonValueKind.Number,
            "cut and settled", timeoutMs: 30_000);
        var billed = LegB(done).GetProperty("billedSeconds").GetInt32();
        Assert.InRange(billed, 5, 6); // counted from B's answer; cut by the platform's timer, not by the far end
        await NoChannelsLeftAsync();
    }

    [RealAsteriskFact]
    public async Task A_call_from_a_registered_phone_is_refused_unanswered_and_called_back_into_the_prompt()
    {
        await StartAsync();
        await _asterisk.CallInAsync(Customer, AccessNumber);

        var incoming = await _observer.WaitForAsync(e => e.GetProperty("type").GetString() == "ChannelDestroyed"
            && e.GetProperty("channel").GetProperty("dialplan").GetProperty("exten").GetString() == AccessNumber.TrimStart('+'), "the incoming call refused");
        Assert.Equal(21, incoming.GetProperty("cause").GetInt32());
        Assert.DoesNotContain(_observer.OfType("ChannelStateChange"), e => e.GetProperty("channel").GetProperty("id").GetString()
            == incoming.GetProperty("channel").GetProperty("id").GetString() && e.GetProperty("channel").GetProperty("state").GetString() == "Up");

        var callback = (await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/callbacks"), c => c.Length == 1 && State(c[0]) == "SourceAnswered",
            "the ring-back answered"))[0];
        Assert.Equal(("Ani", Customer), (callback.GetProperty("origin").GetString(), callback.GetProperty("source").GetString()));
        await _observer.WaitForAsync(e => IsPlayback(e, "sound:smscallback/enter-number"), "the prompt");
        await _asterisk.PressAsync(Customer, "48774417880#");
        var id = callback.GetProperty("id").GetGuid();
        await CallbackAsync(id, c => State(c) == "Connected" && NumbersB(c).SequenceEqual([First]), "connected to the number keyed in");
        await _asterisk.HangUpFarEndAsync(Customer);
        await CallbackAsync(id, c => State(c) == "Completed" && AllEnded(c), "completed");
        await NoChannelsLeftAsync();
    }

    [RealAsteriskFact]
    public async Task After_Asterisk_restarts_mid_call_the_platform_reconnects_and_settles_the_call_that_was_lost()
    {
        await StartAsync(ivr: false);
        var id = await WebCallbackAsync(First);
        await CallbackAsync(id, c => State(c) == "Connected", "connected");
        await _observer.DisposeAsync();

        await _asterisk.KillAsync(); // every channel is gone with it, and no event says so
        await _asterisk.RunAsync();
        _observer = await AriObserver.StartAsync(_asterisk);

        var done = await CallbackAsync(id, c => State(c) is "Completed" or "Failed" && AllEnded(c)
            && Legs(c).All(l => l.GetProperty("cost").ValueKind == JsonValueKind.Number), "settled after the reconnect", timeoutMs: 30_000);
        Assert.Equal("Completed", State(done));
        Assert.True(Stream.Connections >= 2);
        var reserved = done.GetProperty("reserved").GetDecimal();
        Assert.Equal(0m, reserved);

        var next = await WebCallbackAsync(Second); // and the new connection carries calls again
        await CallbackAsync(next, c => State(c) == "Connected", "a new call connected");
        await _asterisk.HangUpFarEndAsync(Customer);
        await CallbackAsync(next, c => State(c) == "Completed" && AllEnded(c), "completed");
        await NoChannelsLeftAsync();
    }

    // ---- helpers ----

    private async Task<Guid> WebCallbackAsync(string destination)
    {
        var response = await _me.PostAsJsonAsync("/api/callbacks", new { destination });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private async Task<JsonElement> CallbackAsync(Guid id, Func<JsonElement, bool> condition, string what, int timeoutMs = 20_000)
    {
        try
        {
            return await EventuallyAsync(() => _me.GetFromJsonAsync<JsonElement>($"/api/callbacks/{id}"), condition, what, timeoutMs);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new InvalidOperationException($"{ex.Message}\nAsterisk logged:\n{Tail(_asterisk.Log)}", ex);
        }
    }

    private async Task NoChannelsLeftAsync() =>
        await EventuallyAsync(() => _asterisk.ChannelNamesAsync(), c => c.Count == 0, "no channel left in Asterisk");

    private static bool IsPlayback(JsonElement e, string mediaPrefix) => e.GetProperty("type").GetString() == "PlaybackStarted"
        && e.GetProperty("playback").GetProperty("media_uri").GetString()!.StartsWith(mediaPrefix, StringComparison.Ordinal);

    /// <summary>The language Asterisk was asked to play a prompt in (the <c>lang</c> of the play request).</summary>
    private static string? Language(JsonElement e) =>
        e.GetProperty("playback").TryGetProperty("language", out var language) ? language.GetString() : null;

    private static string Tail(string log) => string.Join('\n', log.Split('\n').TakeLast(60));

    private static string? State(JsonElement c) => c.GetProperty("state").GetString();

    private static IEnumerable<JsonElement> Legs(JsonElement c) => c.GetProperty("legs").EnumerateArray().OrderBy(l => l.GetProperty("dialedAt").GetDateTimeOffset());

    private static JsonElement LegB(JsonElement c) => Legs(c).Last(l => l.GetProperty("kind").GetString() == "B");

    private static string[] Numbers(JsonElement c) => [.. Legs(c).Select(l => l.GetProperty("number").GetString()!)];

    private static string[] NumbersB(JsonElement c) => [.. Legs(c).Where(l => l.GetProperty("kind").GetString() == "B").Select(l => l.GetProperty("number").GetString()!)];

    private static bool AllEnded(JsonElement c) => c.GetProperty("legs").EnumerateArray().All(l => l.GetProperty("state").GetString() == "Ended");
}
