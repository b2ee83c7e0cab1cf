using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Hangfire;
using Hangfire.Storage;
using Mediator;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Application.Notices.SendLowBalanceNotices;
using SmsCallback.Infrastructure.Persistence;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Account management by admins, the customer's own password, the ledger, and the low-balance notice.</summary>
public sealed class AccountAdminTests : IDisposable
{
    private readonly SmsCallbackApp _app = new(settings: new Dictionary<string, string?> { ["Notices:LowBalanceThreshold"] = "1.50" });

    public void Dispose() => _app.Dispose();

    private static Task<JsonElement> GetAsync(HttpClient client, string url) => client.GetFromJsonAsync<JsonElement>(url);

    [Fact]
    public async Task Accounts_are_searched_and_paged_by_login()
    {
        var admin = await _app.AdminClientAsync();
        foreach (var login in new[] { "alice", "alina", "bob", "carol" }) await _app.CreateAccountAsync(admin, login, "pass1234");

        var al = await GetAsync(admin, "/api/admin/accounts?search=al&take=1");
        var second = await GetAsync(admin, "/api/admin/accounts?search=al&skip=1&take=1");
        var all = await GetAsync(admin, "/api/admin/accounts?take=100");

        Assert.Equal(2, al.GetProperty("total").GetInt32());
        Assert.Equal("alice", al.GetProperty("items")[0].GetProperty("login").GetString());
        Assert.Equal("alina", second.GetProperty("items")[0].GetProperty("login").GetString());
        Assert.Equal(5, all.GetProperty("total").GetInt32()); // and the admin
    }

    [Fact]
    public async Task An_admin_edits_tariff_credit_limit_services_and_concurrency()
    {
        var admin = await _app.AdminClientAsync();
        var id = await _app.CreateAccountAsync(admin, "edited", "pass1234");
        var created = await admin.PostAsJsonAsync("/api/admin/tariffs", new { name = "Gold", currency = "EUR", rates = Array.Empty<object>() });
        var tariff = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var unknown = await admin.PutAsJsonAsync($"/api/admin/accounts/{id}", new { tariffId = Guid.NewGuid() });

        var put = await admin.PutAsJsonAsync($"/api/admin/accounts/{id}", new
        {
            tariffId = tariff, creditLimit = 2.5m, maxConcurrentCallbacks = 3,
            services = new { smsCallback = true, webCallback = false, aniCallback = true, pc2Phone = false },
        });
        var invalid = await admin.PutAsJsonAsync($"/api/admin/accounts/{id}", new { creditLimit = -1m });
        var missing = await admin.PutAsJsonAsync($"/api/admin/accounts/{Guid.NewGuid()}", new { creditLimit = 1m });

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, put.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var details = await GetAsync(admin, $"/api/admin/accounts/{id}");
        Assert.Equal(tariff, details.GetProperty("tariffId").GetGuid());
        Assert.Equal(2.5m, details.GetProperty("creditLimit").GetDecimal());
        Assert.Equal(3, details.GetProperty("maxConcurrentCallbacks").GetInt32());
        Assert.True(details.GetProperty("services").GetProperty("aniCallback").GetBoolean());
        Assert.False(details.GetProperty("services").GetProperty("webCallback").GetBoolean());
        (await admin.PutAsJsonAsync($"/api/admin/accounts/{id}", new { creditLimit = 1m })).EnsureSuccessStatusCode();
        Assert.Equal(tariff, (await GetAsync(admin, $"/api/admin/accounts/{id}")).GetProperty("tariffId").GetGuid()); // left out: kept
    }

    [Fact]
    public async Task A_blocked_account_can_neither_sign_in_nor_act_by_SMS_until_unblocked()
    {
        var admin = await _app.AdminClientAsync();
        var id = await _app.CreateAccountAsync(admin, "blocked", "pass1234", "48600316058");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/accounts/{id}/block", null)).StatusCode);
        var token = await _app.CreateClient().PostAsJsonAsync("/api/auth/token", new { login = "blocked", password = "pass1234" });
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("blocked-1", "48600316058", "D.48774417880")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, token.StatusCode);
        var reply = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"), o => o.Length > 0, "the reply");
        Assert.Equal("Your account is blocked.", reply[0].GetProperty("text").GetString());
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/callbacks"));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/accounts/{id}/unblock", null)).StatusCode);
        await _app.ClientForAsync("blocked", "pass1234");
    }

    [Fact]
    public async Task An_admin_resets_a_password_and_a_customer_changes_their_own_with_the_current_one()
    {
        var admin = await _app.AdminClientAsync();
        var id = await _app.CreateAccountAsync(admin, "forgetful", "pass1234");

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/password", new { password = "reset5678" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().PostAsJsonAsync("/api/auth/token", new { login = "forgetful", password = "pass1234" })).StatusCode);
        var customer = await _app.ClientForAsync("forgetful", "reset5678");

        var wrong = await customer.PostAsJsonAsync("/api/me/password", new { currentPassword = "nope", newPassword = "mine9999" });
        var weak = await customer.PostAsJsonAsync("/api/me/password", new { currentPassword = "reset5678", newPassword = "a b" });
        var changed = await customer.PostAsJsonAsync("/api/me/password", new { currentPassword = "reset5678", newPassword = "mine9999" });

        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.True((await wrong.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("currentPassword", out _));
        Assert.Equal(HttpStatusCode.BadRequest, weak.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, changed.StatusCode);
        await _app.ClientForAsync("forgetful", "mine9999");
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/api/me/password", new { currentPassword = AdminPassword, newPassword = "x1234567" })).StatusCode);
    }

    [Fact]
    public async Task Concurrent_top_ups_all_count_and_the_balance_equals_the_ledger()
    {
        var admin = await _app.AdminClientAsync();
        var id = await _app.CreateAccountAsync(admin, "topped", "pass1234");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            admin.PostAsJsonAsync($"/api/admin/accounts/{id}/topups", new { amount = 1.25m, note = $"card {i}" })));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(12.5m, (await GetAsync(admin, $"/api/admin/accounts/{id}")).GetProperty("balance").GetDecimal());
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var ledger = await db.LedgerEntries.Where(e => e.AccountId == id).Select(e => e.Amount).ToListAsync();
        Assert.Equal(10, ledger.Count);
        Assert.Equal(12.5m, ledger.Sum());
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/topups", new { amount = 0m })).StatusCode);
    }

    [Fact]
    public async Task The_low_balance_notice_goes_once_a_day_to_the_first_phone_of_active_accounts_below_the_threshold()
    {
        var admin = await _app.AdminClientAsync();
        var low = await _app.CreateAccountAsync(admin, "low", "pass1234", "48600316058", "48600316059");
        var rich = await _app.CreateAccountAsync(admin, "rich", "pass1234", "48600316060");
        var blocked = await _app.CreateAccountAsync(admin, "blockedlow", "pass1234", "48600316061");
        await _app.CreateAccountAsync(admin, "nophone", "pass1234");
        await admin.PostAsJsonAsync($"/api/admin/accounts/{low}/topups", new { amount = 1m });
        await admin.PostAsJsonAsync($"/api/admin/accounts/{rich}/topups", new { amount = 10m });
        await admin.PostAsync($"/api/admin/accounts/{blocked}/block", null);

        Assert.Equal(1, await SendNoticesAsync());
        Assert.Equal(0, await SendNoticesAsync()); // the same day: nothing more
        _app.Clock.Advance(TimeSpan.FromDays(1));
        admin = await _app.AdminClientAsync(); // a day later the morning's token has expired
        Assert.Equal(1, await SendNoticesAsync());

        var notices = (await GetArrayAsync(admin, "/api/admin/sms/outbox")).Where(s => s.GetProperty("kind").GetString() == "Notice").ToList();
        Assert.Equal(2, notices.Count);
        Assert.All(notices, n => Assert.Equal("+48600316058", n.GetProperty("to").GetString()));
        Assert.StartsWith("Low balance: 1.00 EUR", notices[0].GetProperty("text").GetString());
        using var connection = _app.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Contains(connection.GetRecurringJobs(), j => j.Id == "low-balance-notices");
    }

    private async Task<int> SendNoticesAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SendLowBalanceNoticesCommand());
    }
}

/// <summary>Every lot and account endpoint refuses anonymous callers (401) and customers (403); the dashboard's browser sign-in is for admins.</summary>
public sealed class AccountAndLotSecurityTests : IDisposable
{
    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    public static TheoryData<string, string> AdminEndpoints() => new()
    {
        { "GET", "/api/admin/accounts" },
        { "GET", "/api/admin/accounts/01930000-0000-7000-8000-000000000001" },
        { "PUT", "/api/admin/accounts/01930000-0000-7000-8000-000000000001" },
        { "POST", "/api/admin/accounts/01930000-0000-7000-8000-000000000001/block" },
        { "POST", "/api/admin/accounts/01930000-0000-7000-8000-000000000001/unblock" },
        { "POST", "/api/admin/accounts/01930000-0000-7000-8000-000000000001/password" },
        { "POST", "/api/admin/accounts/01930000-0000-7000-8000-000000000001/topups" },
        { "POST", "/api/admin/lots" },
        { "GET", "/api/admin/lots" },
        { "GET", "/api/admin/lots/01930000-0000-7000-8000-000000000001" },
        { "GET", "/api/admin/lots/01930000-0000-7000-8000-000000000001/accounts" },
        { "GET", "/api/admin/lots/01930000-0000-7000-8000-000000000001/export" },
        { "DELETE", "/api/admin/lots/01930000-0000-7000-8000-000000000001/export" },
        { "POST", "/api/admin/lots/01930000-0000-7000-8000-000000000001/block" },
        { "POST", "/api/admin/lots/01930000-0000-7000-8000-000000000001/unblock" },
        { "POST", "/api/admin/lots/01930000-0000-7000-8000-000000000001/topups" },
        { "DELETE", "/api/admin/lots/01930000-0000-7000-8000-000000000001" },
    };

    [Theory]
    [MemberData(nameof(AdminEndpoints))]
    public async Task Lot_and_account_endpoints_refuse_anonymous_callers_with_401_and_customers_with_403(string method, string url)
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "customer", "pass1234");
        var customer = await _app.ClientForAsync("customer", "pass1234");

        var anonymous = await _app.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new { }) });
        var forbidden = await customer.SendAsync(new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new { }) });

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized,
            (await _app.CreateClient().PostAsJsonAsync("/api/me/password", new { currentPassword = "a", newPassword = "b" })).StatusCode);
    }

    private HttpClient Browser() => _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    private static Task<HttpResponseMessage> SignInAsync(HttpClient browser, string login, string password) =>
        browser.PostAsync("/admin/login", new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = login, ["password"] = password }));

    [Fact]
    public async Task An_admin_signs_in_to_the_dashboard_from_a_browser_with_a_strict_HttpOnly_cookie_scoped_to_it()
    {
        var browser = Browser();
        browser.DefaultRequestHeaders.Accept.ParseAdd("text/html");

        var before = await browser.GetAsync("/hangfire");
        Assert.Equal(HttpStatusCode.Redirect, before.StatusCode);
        Assert.Equal("/admin/login", before.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/admin/login")).StatusCode);

        var signIn = await SignInAsync(browser, "admin", AdminPassword);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var cookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.Contains("path=/hangfire", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire/recurring")).StatusCode);
        // the cookie opens the dashboard only, not the API
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/admin/lots")).StatusCode);
    }

    [Fact]
    public async Task Customers_wrong_passwords_and_other_sites_cannot_sign_in_to_the_dashboard()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "customer", "pass1234");
        var browser = Browser();

        var customer = await SignInAsync(browser, "customer", "pass1234");
        var wrong = await SignInAsync(browser, "admin", "wrong-password");
        var crossSite = new HttpRequestMessage(HttpMethod.Post, "/admin/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = "admin", ["password"] = AdminPassword }),
        };
        crossSite.Headers.Add("Origin", "https://evil.example");
        var forged = await browser.SendAsync(crossSite);

        Assert.Equal(HttpStatusCode.Unauthorized, customer.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.False(customer.Headers.Contains("Set-Cookie") || wrong.Headers.Contains("Set-Cookie") || forged.Headers.Contains("Set-Cookie"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/hangfire")).StatusCode);
        var customerToken = await _app.ClientForAsync("customer", "pass1234");
        Assert.Equal(HttpStatusCode.Forbidden, (await customerToken.GetAsync("/hangfire")).StatusCode);
    }
}
