using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>POST /api/callbacks and GET /api/callbacks/{id}: the web callback, through the real pipeline.</summary>
public sealed class WebCallbackTests : IDisposable
{
    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task A_customer_calls_a_number_from_their_first_registered_phone_and_follows_the_callback()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058", "48501234567");
        var me = await _app.ClientForAsync("callback", "pass1234");

        var response = await me.PostAsJsonAsync("/api/callbacks", new { destination = "48774417880" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var callback = await EventuallyAsync(() => me.GetFromJsonAsync<JsonElement>($"/api/callbacks/{id}"),
            c => c.GetProperty("state").GetString() == "Completed", "the web callback completed");
        Assert.Equal(("+48600316058", "+48774417880", "Web"),
            (callback.GetProperty("source").GetString(), callback.GetProperty("destination").GetString(), callback.GetProperty("origin").GetString()));
        Assert.Equal(2, callback.GetProperty("legs").GetArrayLength());
    }

    [Fact]
    public async Task Phonebook_names_and_positions_and_an_explicit_source_work_too()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058", "48501234567"); // an explicit source is one of the account's phones
        var me = await _app.ClientForAsync("callback", "pass1234");
        await me.PostAsJsonAsync("/api/me/phonebook", new { name = "office", number = "48774417880" });
        await me.PostAsJsonAsync("/api/me/phonebook", new { name = "home", number = "48226543210" });

        var byName = await me.PostAsJsonAsync("/api/callbacks", new { phonebookName = "Office", source = "48501234567" });
        var byIndex = await me.PostAsJsonAsync("/api/callbacks", new { phonebookIndex = 2 });

        var first = await me.GetFromJsonAsync<JsonElement>($"/api/callbacks/{(await byName.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()}");
        var second = await me.GetFromJsonAsync<JsonElement>($"/api/callbacks/{(await byIndex.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid()}");
        Assert.Equal(("+48501234567", "+48774417880"), (first.GetProperty("source").GetString(), first.GetProperty("destination").GetString()));
        Assert.Equal("+48226543210", second.GetProperty("destination").GetString());
    }

    [Fact]
    public async Task Bad_requests_are_clear_and_place_no_call()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234");
        var me = await _app.ClientForAsync("callback", "pass1234");

        Assert.Equal(HttpStatusCode.BadRequest, (await me.PostAsJsonAsync("/api/callbacks", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await me.PostAsJsonAsync("/api/callbacks", new { destination = "1", phonebookIndex = 1 })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await me.PostAsJsonAsync("/api/callbacks", new { destination = "12345" })).StatusCode);
        var noSource = await me.PostAsJsonAsync("/api/callbacks", new { destination = "48774417880" });
        Assert.Equal(HttpStatusCode.BadRequest, noSource.StatusCode);
        Assert.Contains("source", await noSource.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await me.PostAsJsonAsync("/api/callbacks", new { phonebookName = "nobody", source = "48600316058" })).StatusCode);
        Assert.Empty(await GetArrayAsync(admin, "/api/admin/callbacks"));
    }

    [Fact]
    public async Task A_customer_sees_only_their_own_callbacks_and_anonymous_callers_none()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
        await _app.CreateAccountAsync(admin, "zenon", "secret99", "48501234567");
        var me = await _app.ClientForAsync("callback", "pass1234");
        var zenon = await _app.ClientForAsync("zenon", "secret99");
        var id = (await (await me.PostAsJsonAsync("/api/callbacks", new { destination = "48774417880" })).Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        Assert.Equal(HttpStatusCode.NotFound, (await zenon.GetAsync($"/api/callbacks/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().PostAsJsonAsync("/api/callbacks", new { destination = "48774417880" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsJsonAsync("/api/callbacks", new { destination = "48774417880" })).StatusCode);
    }
}
