using System.Net;
using System.Net.Http.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>The simulator's admin API (rules, keys, incoming calls) and the lifecycle rules that hold whatever the switch.</summary>
public sealed class SwitchLifecycleTests : IDisposable
{
    private readonly SmsCallbackApp _app = new(settings: new Dictionary<string, string?> { ["Switch:Simulator:Mode"] = "Manual" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_rule_makes_the_destination_busy_and_the_callback_fails_with_its_reason()
    {
        var admin = await _app.AdminClientAsync();
        await DisableIvrAsync(admin);
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/admin/simulator/rules",
            new { number = "48600316058", outcome = "answer", answerAfterMs = 10 })).StatusCode);
        await admin.PostAsJsonAsync("/api/admin/simulator/rules", new { number = "+48774417880", outcome = "busy", answerAfterMs = 10 });

        await _app.PostSmsAsync("r-1", "48600316058", "D.48774417880");

        var callbacks = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"),
            c => c.Length == 1 && c[0].GetProperty("state").GetString() == "Failed"
                 && c[0].GetProperty("legs").EnumerateArray().All(l => l.GetProperty("state").GetString() == "Ended"),
            "a failed callback with both legs ended (A's hang-up is its own event, after B's)");
        Assert.Equal("DestinationBusy", callbacks[0].GetProperty("failureReason").GetString());
        var legs = callbacks[0].GetProperty("legs").EnumerateArray().ToArray();
        Assert.Equal(2, legs.Length);
        Assert.All(legs, l => Assert.Equal("Ended", l.GetProperty("state").GetString())); // A was hung up when B failed
        Assert.Equal(2, (await GetArrayAsync(admin, "/api/admin/simulator/rules")).Length);
    }

    [Fact]
    public async Task Bad_rules_and_keys_are_clear_errors()
    {
        var admin = await _app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/simulator/rules", new { number = "123", outcome = "busy" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/simulator/rules", new { number = "48600316058", outcome = "explode" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/admin/simulator/calls/sim-1/dtmf", new { digits = "12a" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/admin/simulator/calls/sim-404/dtmf", new { digits = "1" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/admin/simulator/rules/48600316058")).StatusCode);
    }

    [Fact]
    public async Task Keys_can_be_pressed_on_an_answered_leg_only()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        await _app.PostSmsAsync("k-1", "48600316058", "D.48774417880");
        var legA = (await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/simulator/calls"), c => c.Length == 1, "leg A ringing"))[0]
            .GetProperty("callId").GetString();

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync($"/api/admin/simulator/calls/{legA}/dtmf", new { digits = "1" })).StatusCode);
        await admin.PostAsync($"/api/admin/simulator/calls/{legA}/answer", null);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/admin/simulator/calls/{legA}/dtmf", new { digits = "#1#" })).StatusCode);
    }

    [Fact]
    public async Task An_incoming_call_is_rejected_unanswered_while_no_ani_callback_is_configured()
    {
        var admin = await _app.AdminClientAsync();
        var response = await admin.PostAsJsonAsync("/api/admin/simulator/incoming", new { from = "+48600316058", to = "+48500100200" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var calls = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/simulator/calls"),
            c => c.Length == 1 && c[0].GetProperty("state").GetString() == "Ended", "the incoming call refused");
        Assert.Equal(21, calls[0].GetProperty("hangupCause").GetInt32());
        Assert.True(calls[0].GetProperty("incoming").GetBoolean());
    }

    [Fact]
    public async Task A_callback_the_switch_goes_silent_on_is_failed_after_the_ring_timeout_and_its_legs_hung_up()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        await _app.PostSmsAsync("s-1", "48600316058", "D.48774417880");
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks?state=active"),
            c => c.Length == 1 && c[0].GetProperty("state").GetString() == "DialingSource", "leg A ringing");

        _app.Clock.Advance(TimeSpan.FromMinutes(4)); // nobody answers or rejects in Manual mode: the switch is silent

        var failed = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"),
            c => c.Length == 1 && c[0].GetProperty("state").GetString() == "Failed", "the timed-out callback");
        Assert.Equal("Timeout", failed[0].GetProperty("failureReason").GetString());
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/callbacks?state=active"));
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/simulator/calls"),
            c => c.All(x => x.GetProperty("state").GetString() == "Ended"), "leg A hung up");
    }
}
