using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>ANI callback through the real pipeline: a registered phone rings the access number, the call is refused unanswered,
/// and the platform rings the phone back into the IVR prompt. Also the account's service switches for every origin.</summary>
public sealed class AniCallbackTests : IDisposable
{
    private const string Caller = "+48600316058";
    private const string AccessNumber = "+48500100200";
    private readonly SmsCallbackApp _app = new(settings: new Dictionary<string, string?> { ["Switch:Simulator:Mode"] = "Manual" });

    public void Dispose() => _app.Dispose();

    private static Task<HttpResponseMessage> RingAsync(HttpClient admin, string from) =>
        admin.PostAsJsonAsync("/api/admin/simulator/incoming", new { from, to = AccessNumber });

    private static Task SetServicesAsync(HttpClient admin, Guid id, bool sms, bool web, bool ani) =>
        admin.PutAsJsonAsync($"/api/admin/accounts/{id}", new { services = new { smsCallback = sms, webCallback = web, aniCallback = ani, pc2Phone = false } })
            .ContinueWith(t => t.Result.EnsureSuccessStatusCode());

    [Fact]
    public async Task A_registered_caller_is_refused_unanswered_then_called_back_into_the_prompt_and_dials_a_number()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        await admin.PostAsJsonAsync("/api/admin/simulator/rules", new { number = Caller, outcome = "answer", answerAfterMs = 20 });
        await admin.PostAsJsonAsync("/api/admin/simulator/rules", new { number = "+48774417880", outcome = "answer", answerAfterMs = 20 });

        Assert.Equal(HttpStatusCode.OK, (await RingAsync(admin, "48600316058")).StatusCode);

        var calls = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/simulator/calls"),
            c => c.Any(x => x.GetProperty("incoming").GetBoolean() && x.GetProperty("state").GetString() == "Ended")
                 && c.Any(x => !x.GetProperty("incoming").GetBoolean() && x.GetProperty("played").GetArrayLength() > 0), "the refusal and the prompt");
        var incoming = calls.Single(x => x.GetProperty("incoming").GetBoolean());
        Assert.Equal(21, incoming.GetProperty("hangupCause").GetInt32()); // never answered: the caller pays nothing
        var legA = calls.Single(x => !x.GetProperty("incoming").GetBoolean());
        Assert.Equal("sound:smscallback/enter-number", legA.GetProperty("played")[0].GetString());

        var callback = (await GetArrayAsync(admin, "/api/admin/callbacks")).Single();
        Assert.Equal(("Ani", Caller, JsonValueKind.Null), (callback.GetProperty("origin").GetString(), callback.GetProperty("source").GetString(),
            callback.GetProperty("destination").ValueKind));

        await admin.PostAsJsonAsync($"/api/admin/simulator/calls/{legA.GetProperty("callId").GetString()}/dtmf", new { digits = "48774417880#" });
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"),
            c => c[0].GetProperty("state").GetString() == "Connected"
                 && c[0].GetProperty("legs").EnumerateArray().Any(l => l.GetProperty("number").GetString() == "+48774417880"), "the dialled number connected");
    }

    [Fact]
    public async Task Unknown_callers_blocked_accounts_and_accounts_without_ani_are_only_rejected()
    {
        var admin = await _app.AdminClientAsync();
        var blocked = await _app.CreateAccountAsync(admin, "blocked", "pass1234", "48600316058");
        (await admin.PostAsync($"/api/admin/accounts/{blocked}/block", null)).EnsureSuccessStatusCode();
        var noAni = await _app.CreateAccountAsync(admin, "noani", "pass1234", "48600316059");
        await SetServicesAsync(admin, noAni, sms: true, web: true, ani: false);

        await RingAsync(admin, "48501234567"); // unknown
        await RingAsync(admin, "48600316058"); // blocked
        await RingAsync(admin, "48600316059"); // ANI not enabled

        var calls = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/simulator/calls"),
            c => c.Length == 3 && c.All(x => x.GetProperty("state").GetString() == "Ended"), "three refused calls");
        Assert.All(calls, c => Assert.Equal(21, c.GetProperty("hangupCause").GetInt32()));
        await _app.WaitUntilQuietAsync();
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/callbacks"));
    }

    [Fact]
    public async Task An_account_without_sms_or_web_callback_is_told_so_and_places_no_call()
    {
        var admin = await _app.AdminClientAsync();
        var id = await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        await SetServicesAsync(admin, id, sms: false, web: false, ani: true);
        var me = await _app.ClientForAsync("callback", "pass1234");

        await _app.PostSmsAsync("svc-1", "48600316058", "D.48774417880");
        var web = await me.PostAsJsonAsync("/api/callbacks", new { destination = "48774417880" });

        var reply = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"), o => o.Length == 1, "the reply");
        Assert.Equal("SMS callback is not enabled for your account.", reply[0].GetProperty("text").GetString());
        Assert.Equal(HttpStatusCode.Forbidden, web.StatusCode);
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/callbacks"));
    }
}
