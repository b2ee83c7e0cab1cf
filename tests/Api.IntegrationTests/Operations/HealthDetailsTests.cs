using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Forwarder;
using SmsCallback.Infrastructure.IntegrationTests.Switching;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests.Operations;

/// <summary><c>/health/details</c> (admin) names what is down and why; <c>/health</c> stays anonymous and terse.</summary>
public sealed class HealthDetailsTests
{
    private static async Task<JsonElement> DetailsAsync(HttpClient admin)
    {
        var response = await admin.GetAsync("/health/details");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static JsonElement? Check(JsonElement details, string name) =>
        details.GetProperty("checks").EnumerateArray().Where(c => c.GetProperty("name").GetString() == name).Select(c => (JsonElement?)c).FirstOrDefault();

    private static bool Is(JsonElement details, string name, string status) => Check(details, name)?.GetProperty("status").GetString() == status;

    [Fact]
    public async Task A_dropped_switch_connection_is_named_with_its_reason_while_health_stays_terse()
    {
        var ari = await ScriptedAriServer.StartAsync();
        using var app = new SmsCallbackApp(settings: new Dictionary<string, string?>
        {
            ["Switch:Provider"] = "Asterisk",
            ["Switch:Asterisk:BaseUrl"] = ari.BaseUrl,
            ["Switch:Asterisk:Username"] = ScriptedAriServer.Username,
            ["Switch:Asterisk:Password"] = ScriptedAriServer.Password,
            ["Switch:Asterisk:ReconnectDelayMs"] = "50",
            ["Switch:Asterisk:MaxReconnectDelayMs"] = "200",
        });
        var admin = await app.AdminClientAsync();
        await ari.WaitForConnectionsAsync(1);
        var up = await EventuallyAsync(() => DetailsAsync(admin), d => Is(d, "switch:asterisk", "Healthy"), "the switch reported up");
        Assert.True(Is(up, "database", "Healthy") && Is(up, "jobs", "Healthy") && Is(up, "inbox", "Healthy"), up.GetRawText());

        await ari.DisposeAsync(); // Asterisk goes away

        var down = await EventuallyAsync(() => DetailsAsync(admin), d => Is(d, "switch:asterisk", "Unhealthy"), "the switch reported down");
        Assert.Equal("Unhealthy", down.GetProperty("status").GetString());
        var reason = Check(down, "switch:asterisk")!.Value.GetProperty("reason").GetString()!;
        Assert.Contains("down for", reason);
        Assert.Matches("dropped|cannot connect", reason);
        Assert.DoesNotContain(ScriptedAriServer.Password, down.GetRawText());

        // The anonymous probe answers one word, and only for what a load balancer acts on; the details need an admin.
        var anonymous = app.CreateClient();
        var terse = await anonymous.GetAsync("/health");
        Assert.Equal("Healthy", await terse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/health/details")).StatusCode);
        await app.CreateAccountAsync(admin, "callback", "pass1234");
        Assert.Equal(HttpStatusCode.Forbidden, (await (await app.ClientForAsync("callback", "pass1234")).GetAsync("/health/details")).StatusCode);
    }

    [Fact]
    public async Task A_forwarder_that_went_silent_is_named_with_how_long()
    {
        using var app = new SmsCallbackApp(settings: new Dictionary<string, string?> { ["Operations:SnapshotInterval"] = "00:00:00.200" });
        var admin = await app.AdminClientAsync();
        var registered = await (await admin.PostAsJsonAsync("/api/admin/forwarders", new { name = "Shop modem", accessNumber = "48500100200" }))
            .Content.ReadFromJsonAsync<JsonElement>();
        var never = await EventuallyAsync(() => DetailsAsync(admin), d => Is(d, "forwarder:Shop modem", "Degraded"), "a forwarder that never called");
        Assert.Contains("never", Check(never, "forwarder:Shop modem")!.Value.GetProperty("reason").GetString());

        var forwarder = new ForwarderPlatformClient(new HttpClient(app.Server.CreateHandler()), new ForwarderOptions
        {
            PlatformUrl = "http://localhost", Id = registered.GetProperty("id").GetGuid(), Key = registered.GetProperty("key").GetString()!,
        }, app.Clock);
        await forwarder.SendMessagesAsync([], signal: 20, registration: 1, CancellationToken.None);
        await EventuallyAsync(() => DetailsAsync(admin), d => Is(d, "forwarder:Shop modem", "Healthy"), "the forwarder in contact");

        app.Clock.Advance(TimeSpan.FromMinutes(12)); // the modem's PC lost power

        var silent = await EventuallyAsync(() => DetailsAsync(admin), d => Is(d, "forwarder:Shop modem", "Degraded"), "the silent forwarder");
        Assert.Equal("Degraded", silent.GetProperty("status").GetString());
        Assert.Contains("silent for 12 min", Check(silent, "forwarder:Shop modem")!.Value.GetProperty("reason").GetString());
        Assert.DoesNotContain(registered.GetProperty("key").GetString()!, silent.GetRawText());
    }
}
