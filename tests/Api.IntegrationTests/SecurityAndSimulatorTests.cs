using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

public sealed class SecurityTests : IDisposable
{
    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    [Theory]
    [InlineData("GET", "/api/admin/callbacks")]
    [InlineData("GET", "/api/admin/sms/inbox")]
    [InlineData("GET", "/api/admin/sms/outbox")]
    [InlineData("GET", "/api/admin/simulator/calls")]
    [InlineData("POST", "/api/admin/accounts")]
    public async Task Admin_endpoints_refuse_anonymous_callers_with_401_and_customers_with_403(string method, string url)
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "customer", "pass1234");
        var customer = await _app.ClientForAsync("customer", "pass1234");

        var anonymous = await _app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new { }) });
        var forbidden = await customer.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new { }) });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
    }

    [Fact]
    public async Task The_jobs_dashboard_is_for_admins_only()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "customer", "pass1234");
        var customer = await _app.ClientForAsync("customer", "pass1234");

        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
    }

    [Theory]
    [InlineData("admin", "wrong")]
    [InlineData("nobody", "admin-test-password")]
    [InlineData("", "")]
    public async Task A_token_needs_the_right_login_and_password(string login, string password)
    {
        var response = await _app.CreateClient().PostAsJsonAsync("/api/auth/token", new { login, password });

        Assert.True(response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest, response.StatusCode.ToString());
        Assert.DoesNotContain("accessToken", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_forged_token_is_refused()
    {
        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxIiwicm9sZSI6ImFkbWluIn0.c2lnbmF0dXJlLW5vdC12YWxpZA");
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/admin/callbacks")).StatusCode);
    }

    [Fact]
    public async Task Accounts_and_phones_validate_their_input()
    {
        var admin = await _app.AdminClientAsync();
        var id = await _app.CreateAccountAsync(admin, "customer", "pass1234", "48600316058");

        var badLogin = await admin.PostAsJsonAsync("/api/admin/accounts", new { login = "has space", password = "pass1234" });
        var taken = await admin.PostAsJsonAsync("/api/admin/accounts", new { login = "customer", password = "pass1234" });
        var badNumber = await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/phones", new { number = "12345" });
        var numberTaken = await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/phones", new { number = "+48 600 316 058" });
        var noAccount = await admin.PostAsJsonAsync($"/api/admin/accounts/{Guid.NewGuid()}/phones", new { number = "48600316059" });

        Assert.Equal(HttpStatusCode.BadRequest, badLogin.StatusCode);
        Assert.True((await badLogin.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("login", out _));
        Assert.Equal(HttpStatusCode.Conflict, taken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badNumber.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, numberTaken.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, noAccount.StatusCode);
    }

    [Fact]
    public async Task Health_reports_the_database_and_job_storage_and_swagger_describes_the_api()
    {
        var client = _app.CreateClient();
        var health = await client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", await health.Content.ReadAsStringAsync());

        var swagger = await client.GetFromJsonAsync<JsonElement>("/swagger/v1/swagger.json");
        var paths = swagger.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/sms/inbound/generic", out _));
        Assert.True(paths.TryGetProperty("/api/auth/token", out _));
        Assert.True(swagger.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
    }
}

/// <summary>The simulator in Manual mode: an admin answers, rejects and hangs up each leg.</summary>
public sealed class ManualSimulatorTests : IDisposable
{
    private readonly SmsCallbackApp _app = new(settings: new Dictionary<string, string?> { ["Switch:Simulator:Mode"] = "Manual" });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_admin_walks_a_callback_through_its_lifecycle()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        await _app.PostSmsAsync("m-1", "48600316058", "D.48774417880");

        var legA = await RingingCallAsync(admin, "+48600316058");
        await AssertStateAsync(admin, "DialingSource");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/simulator/calls/{legA}/answer", null)).StatusCode);
        var legB = await RingingCallAsync(admin, "+48774417880");
        await AssertStateAsync(admin, "DialingDestination");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/simulator/calls/{legB}/answer", null)).StatusCode);
        await AssertStateAsync(admin, "Connected");
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsync($"/api/admin/simulator/calls/{legB}/busy", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/simulator/calls/{legA}/hangup", null)).StatusCode);
        await AssertStateAsync(admin, "Completed");
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/callbacks?state=active"));
    }

    [Theory]
    [InlineData("busy", "SourceBusy")]
    [InlineData("no-answer", "SourceNoAnswer")]
    public async Task A_source_that_does_not_answer_fails_the_callback_with_the_reason(string action, string reason)
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        await _app.PostSmsAsync("m-2", "48600316058", "D.48774417880");

        var legA = await RingingCallAsync(admin, "+48600316058");
        await admin.PostAsync($"/api/admin/simulator/calls/{legA}/{action}", null);

        var callback = await AssertStateAsync(admin, "Failed");
        Assert.Equal(reason, callback.GetProperty("failureReason").GetString());
    }

    [Fact]
    public async Task A_busy_destination_fails_the_callback_and_releases_the_source()
    {
        var admin = await _app.AdminClientAsync();
        await DisableIvrAsync(admin);
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        await _app.PostSmsAsync("m-3", "48600316058", "D.48774417880");

        await admin.PostAsync($"/api/admin/simulator/calls/{await RingingCallAsync(admin, "+48600316058")}/answer", null);
        await admin.PostAsync($"/api/admin/simulator/calls/{await RingingCallAsync(admin, "+48774417880")}/busy", null);

        var callback = await AssertStateAsync(admin, "Failed");
        Assert.Equal("DestinationBusy", callback.GetProperty("failureReason").GetString());
        var legs = callback.GetProperty("legs").EnumerateArray().ToArray();
        Assert.Equal(17, legs[1].GetProperty("hangupCause").GetInt32());
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/simulator/calls"),
            calls => calls.All(c => c.GetProperty("state").GetString() == "Ended"), "both legs ended");
    }

    [Fact]
    public async Task Unknown_calls_and_actions_are_clear_errors()
    {
        var admin = await _app.AdminClientAsync();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsync("/api/admin/simulator/calls/sim-999/answer", null)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsync("/api/admin/simulator/calls/sim-1/dance", null)).StatusCode);
    }

    private static async Task<string> RingingCallAsync(HttpClient admin, string number)
    {
        var calls = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/simulator/calls"),
            c => c.Any(x => x.GetProperty("number").GetString() == number && x.GetProperty("state").GetString() == "Ringing"), $"{number} ringing");
        return calls.First(x => x.GetProperty("number").GetString() == number).GetProperty("callId").GetString()!;
    }

    private static async Task<JsonElement> AssertStateAsync(HttpClient admin, string state) =>
        (await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"),
            c => c.Length == 1 && c[0].GetProperty("state").GetString() == state, $"state {state}"))[0];
}
