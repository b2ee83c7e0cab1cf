using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>The customer's own account through /api/me, and the same resources for admins under /api/admin/accounts/{id}.</summary>
public sealed class CustomerApiTests : IDisposable
{
    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_customer_sees_their_account_and_manages_their_phones()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        var me = await _app.ClientForAsync("callback", "pass1234");

        var summary = await me.GetFromJsonAsync<JsonElement>("/api/me");
        Assert.Equal("callback", summary.GetProperty("login").GetString());
        Assert.Equal(0m, summary.GetProperty("balance").GetDecimal());
        Assert.Equal("EUR", summary.GetProperty("currency").GetString());
        Assert.Equal(1, summary.GetProperty("registeredPhones").GetInt32());

        // Issue 12: a customer's number is registered only when the code sent to it by SMS comes back.
        Assert.Equal(HttpStatusCode.Accepted, (await me.PostAsJsonAsync("/api/me/phones", new { number = "0048 501 234 567" })).StatusCode);
        Assert.Equal(["+48600316058"], (await GetArrayAsync(me, "/api/me/phones")).Select(p => p.GetProperty("number").GetString()));
        var codeSms = (await GetArrayAsync(await _app.AdminClientAsync(), "/api/admin/sms/outbox")).First(s => s.GetProperty("to").GetString() == "+48501234567");
        var code = System.Text.RegularExpressions.Regex.Match(codeSms.GetProperty("text").GetString()!, @"\b\d{6}\b").Value;
        Assert.Equal(HttpStatusCode.Created, (await me.PostAsJsonAsync("/api/me/phones/%2B48501234567/verify", new { code })).StatusCode);
        Assert.Equal(["+48600316058", "+48501234567"], (await GetArrayAsync(me, "/api/me/phones")).Select(p => p.GetProperty("number").GetString()));
        Assert.Equal(HttpStatusCode.BadRequest, (await me.PostAsJsonAsync("/api/me/phones", new { number = "not a number" })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await me.DeleteAsync("/api/me/phones/%2B48600316058")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await me.DeleteAsync("/api/me/phones/%2B48600316058")).StatusCode);
        Assert.Equal(["+48501234567"], (await GetArrayAsync(me, "/api/me/phones")).Select(p => p.GetProperty("number").GetString()));
    }

    [Fact]
    public async Task A_customer_cannot_touch_another_accounts_number()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234");
        await _app.CreateAccountAsync(admin, "zenon", "secret99", "48501234567");
        var me = await _app.ClientForAsync("callback", "pass1234");

        // Issue 12: the answer no longer tells that the number is taken (202 as for a free one), and the claim never completes.
        Assert.Equal(HttpStatusCode.Accepted, (await me.PostAsJsonAsync("/api/me/phones", new { number = "48501234567" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await me.DeleteAsync("/api/me/phones/48501234567")).StatusCode);
        Assert.Empty(await GetArrayAsync(me, "/api/me/phones"));
        var zenon = await _app.ClientForAsync("zenon", "secret99");
        Assert.Single(await GetArrayAsync(zenon, "/api/me/phones"));
    }

    [Fact]
    public async Task The_phonebook_keeps_its_order_and_validates_names_and_numbers()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234");
        var me = await _app.ClientForAsync("callback", "pass1234");

        foreach (var (name, number) in new[] { ("office", "48774417880"), ("home", "48226543210"), ("mum", "48601234567") })
            await me.PostAsJsonAsync("/api/me/phonebook", new { name, number });
        var book = await GetArrayAsync(me, "/api/me/phonebook");
        Assert.Equal([1, 2, 3], book.Select(e => e.GetProperty("index").GetInt32()));

        Assert.Equal(HttpStatusCode.Conflict, (await me.PostAsJsonAsync("/api/me/phonebook", new { name = "OFFICE", number = "48774417881" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await me.PostAsJsonAsync("/api/me/phonebook", new { name = "two words", number = "48774417881" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await me.PostAsJsonAsync("/api/me/phonebook", new { name = "x", number = "123" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await me.PutAsJsonAsync("/api/me/phonebook", new { order = new[] { book[0].GetProperty("id").GetGuid() } })).StatusCode);

        var office = book[0].GetProperty("id").GetGuid();
        var updated = await me.PutAsJsonAsync($"/api/me/phonebook/{office}", new { name = "work", number = "+48774417882" });
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await me.DeleteAsync($"/api/me/phonebook/{book[1].GetProperty("id").GetGuid()}")).StatusCode);

        var after = await GetArrayAsync(me, "/api/me/phonebook");
        Assert.Equal([("work", 1), ("mum", 2)], after.Select(e => (e.GetProperty("name").GetString(), e.GetProperty("index").GetInt32())));
        Assert.Equal("+48774417882", after[0].GetProperty("number").GetString());
    }

    [Fact]
    public async Task Admins_manage_the_same_resources_of_any_account()
    {
        var admin = await _app.AdminClientAsync();
        var id = await _app.CreateAccountAsync(admin, "callback", "pass1234");

        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/phones", new { number = "48600316058" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/phonebook", new { name = "office", number = "48774417880" })).StatusCode);

        var me = await _app.ClientForAsync("callback", "pass1234");
        Assert.Single(await GetArrayAsync(me, "/api/me/phones"));
        Assert.Single(await GetArrayAsync(me, "/api/me/phonebook"));
        Assert.Equal("callback", (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/accounts/{id}")).GetProperty("login").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/accounts/{Guid.NewGuid()}/phonebook")).StatusCode);
    }

    [Theory]
    [InlineData("/api/me")]
    [InlineData("/api/me/phones")]
    [InlineData("/api/me/phonebook")]
    public async Task Me_is_for_signed_in_customers(string url)
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync(url)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.AdminClientAsync()).GetAsync(url)).StatusCode);
    }
}
