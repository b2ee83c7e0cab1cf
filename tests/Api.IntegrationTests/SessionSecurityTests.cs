using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Tokens and dashboard cookies die with the account's security stamp: blocking, unblocking, a password change and an admin
/// reset end every older session at its next request (docs/adr/0017-sign-in-lockout-and-security-stamp.md).</summary>
public sealed class SessionSecurityTests : IDisposable
{
    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_blocked_accounts_token_no_longer_reads_or_changes_anything_even_after_an_unblock()
    {
        var admin = await _app.AdminClientAsync();
        var id = await _app.CreateAccountAsync(admin, "frank", "frankpass1", "48600316058");
        var frank = await _app.ClientForAsync("frank", "frankpass1");
        Assert.Equal(HttpStatusCode.OK, (await frank.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/accounts/{id}/block", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await frank.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await frank.PostAsJsonAsync("/api/me/phonebook", new { name = "office", number = "48774417880" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await frank.PostAsJsonAsync("/api/me/phones", new { number = "48600316059" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await frank.PostAsJsonAsync("/api/me/password", new { currentPassword = "frankpass1", newPassword = "frankpass2" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/accounts/{id}/unblock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await frank.GetAsync("/api/me")).StatusCode); // the old token stays dead
        var again = await _app.ClientForAsync("frank", "frankpass1"); // a new sign-in works, with the unchanged password
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/me")).StatusCode);
        Assert.Empty(await GetArrayAsync(again, "/api/me/phonebook"));
        Assert.Single(await GetArrayAsync(again, "/api/me/phones"));
    }

    [Fact]
    public async Task After_an_admin_resets_the_password_the_old_token_cannot_place_a_call()
    {
        var admin = await _app.AdminClientAsync();
        var id = await _app.CreateAccountAsync(admin, "frank", "frankpass1", "48600316058");
        var stolen = await _app.ClientForAsync("frank", "frankpass1");

        Assert.Equal(HttpStatusCode.NoContent,
            (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/password", new { password = "new-frank-pass1" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await stolen.PostAsJsonAsync("/api/callbacks", new { destination = "48774417880" })).StatusCode);
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/callbacks"));
        var owner = await _app.ClientForAsync("frank", "new-frank-pass1");
        Assert.Equal(HttpStatusCode.Accepted, (await owner.PostAsJsonAsync("/api/callbacks", new { destination = "48774417880" })).StatusCode);
    }

    [Fact]
    public async Task Changing_your_own_password_ends_every_older_token()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "frank", "frankpass1");
        var phone = await _app.ClientForAsync("frank", "frankpass1");
        var laptop = await _app.ClientForAsync("frank", "frankpass1");

        Assert.Equal(HttpStatusCode.NoContent,
            (await laptop.PostAsJsonAsync("/api/me/password", new { currentPassword = "frankpass1", newPassword = "frankpass2" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await laptop.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await _app.ClientForAsync("frank", "frankpass2")).GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task Blocking_a_lot_ends_the_tokens_of_its_accounts()
    {
        var admin = await _app.AdminClientAsync();
        var created = await admin.PostAsJsonAsync("/api/admin/lots", new
        {
            count = 2, loginPrefix = "card", loginLength = 8, passwordLength = 10, passwordAlphabet = "alphanumeric", initialBalance = 1m,
        });
        Assert.Equal(HttpStatusCode.Accepted, created.StatusCode);
        var lot = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await EventuallyAsync(() => admin.GetFromJsonAsync<JsonElement>($"/api/admin/lots/{lot}"),
            l => l.GetProperty("state").GetString() is "Completed" or "Failed", "the lot to be generated", 120_000);
        var export = await admin.GetStringAsync($"/api/admin/lots/{lot}/export");
        var card = export.Split("\r\n", StringSplitOptions.RemoveEmptyEntries)[1].Split(',');
        var holder = await _app.ClientForAsync(card[0], card[1]);
        Assert.Equal(HttpStatusCode.OK, (await holder.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/lots/{lot}/block", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await holder.GetAsync("/api/me")).StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/lots/{lot}/unblock", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await holder.GetAsync("/api/me")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await (await _app.ClientForAsync(card[0], card[1])).GetAsync("/api/me")).StatusCode);
    }

    [Fact]
    public async Task A_dashboard_cookie_ends_when_the_admins_password_is_reset()
    {
        var admin = await _app.AdminClientAsync();
        var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        var signIn = await browser.PostAsync("/admin/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = "admin", ["password"] = AdminPassword }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire")).StatusCode);
        var adminId = (await admin.GetFromJsonAsync<JsonElement>("/api/admin/accounts?search=admin")).GetProperty("items")
            .EnumerateArray().Single(a => a.GetProperty("login").GetString() == "admin").GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NoContent,
            (await admin.PostAsJsonAsync($"/api/admin/accounts/{adminId}/password", new { password = "new-admin-pass-1" })).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await admin.GetAsync("/api/admin/accounts")).StatusCode);
        var fresh = await _app.ClientForAsync("admin", "new-admin-pass-1");
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/admin/accounts")).StatusCode);
    }
}
