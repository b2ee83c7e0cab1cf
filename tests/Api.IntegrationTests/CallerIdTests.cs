using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>What each leg shows (docs/switches.md, Caller ID), on the simulator, which records the caller ID of every leg it dials:
/// the defaults, the access number's choice, the account's choice winning over it, web callbacks, and bad input refused.</summary>
public sealed class CallerIdTests : IDisposable
{
    private const string Customer = "+48600316058";
    private const string First = "+48774417880";
    private const string AccessNumber = "+48500100200"; // the number SmsCallbackApp's SMS are written to
    private readonly SmsCallbackApp _app = new();
    private HttpClient _admin = null!;
    private Guid _account;
    private Guid _number;
    private int _sms;
    private int _callbacks;

    public void Dispose() => _app.Dispose();

    private async Task GivenAsync()
    {
        _admin = await _app.AdminClientAsync();
        await DisableIvrAsync(_admin);
        _account = await _app.CreateAccountAsync(_admin, "callback", "pass1234", Customer);
        (await _admin.PostAsJsonAsync($"/api/admin/accounts/{_account}/topups", new { amount = 100, note = "test" })).EnsureSuccessStatusCode();
        var created = await _admin.PostAsJsonAsync("/api/admin/access-numbers", new { number = AccessNumber, channel = "generic" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        _number = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>An SMS callback to <see cref="First"/>; returns the caller IDs the simulator's legs A and B showed.</summary>
    private async Task<(string? A, string? B)> SmsCallbackShowsAsync()
    {
        var id = $"cid-{++_sms}";
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync(id, Customer, "D." + First)).StatusCode);
        return await LegsOfLatestAsync();
    }

    private async Task<(string? A, string? B)> LegsOfLatestAsync()
    {
        var expected = ++_callbacks;
        var callbacks = await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/callbacks"), c => c.Length == expected, $"callback {expected}");
        var callback = callbacks.OrderByDescending(c => c.GetProperty("createdAt").GetDateTimeOffset()).First().GetProperty("id").GetGuid();
        var calls = await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/simulator/calls"),
            c => c.Count(x => x.GetProperty("callbackId").ValueKind == JsonValueKind.String && x.GetProperty("callbackId").GetGuid() == callback) == 2,
            "both legs dialled");
        string? Of(string leg) => calls.Single(c => c.GetProperty("callbackId").ValueKind == JsonValueKind.String
            && c.GetProperty("callbackId").GetGuid() == callback && c.GetProperty("leg").GetString() == leg).GetProperty("callerId").GetString();
        return (Of("A"), Of("B"));
    }

    private Task<HttpResponseMessage> SetAsync(string path, string? legA, string? legB) =>
        _admin.PutAsJsonAsync(path, new { legA, legB });

    [Fact]
    public async Task By_default_leg_A_shows_the_access_number_and_leg_B_the_customers_own_number()
    {
        await GivenAsync();

        Assert.Equal((AccessNumber, Customer), await SmsCallbackShowsAsync());
    }

    [Fact]
    public async Task The_access_numbers_caller_ids_apply_and_the_accounts_win_over_them_leg_by_leg()
    {
        await GivenAsync();
        var set = await SetAsync($"/api/admin/access-numbers/{_number}/caller-id", "+48 22 111 22 33", "0048221112244");
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var stored = await set.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("+48221112233", "+48221112244"), (stored.GetProperty("legA").GetString(), stored.GetProperty("legB").GetString()));
        var listed = Assert.Single(await GetArrayAsync(_admin, "/api/admin/access-numbers")).GetProperty("callerIds");
        Assert.Equal("+48221112233", listed.GetProperty("legA").GetString());

        Assert.Equal(("+48221112233", "+48221112244"), await SmsCallbackShowsAsync());

        Assert.Equal(HttpStatusCode.OK, (await SetAsync($"/api/admin/accounts/{_account}/caller-id", "+48223334455", null)).StatusCode);
        Assert.Equal(("+48223334455", "+48221112244"), await SmsCallbackShowsAsync()); // the account's A, the access number's B

        Assert.Equal(HttpStatusCode.OK, (await SetAsync($"/api/admin/accounts/{_account}/caller-id", null, "+48223334466")).StatusCode);
        Assert.Equal(("+48221112233", "+48223334466"), await SmsCallbackShowsAsync());
    }

    [Fact]
    public async Task A_web_callback_shows_the_accounts_caller_id_on_leg_A_or_leaves_it_to_the_switch_and_the_customer_on_leg_B()
    {
        await GivenAsync();
        var me = await _app.ClientForAsync("callback", "pass1234");

        Assert.Equal(HttpStatusCode.Accepted, (await me.PostAsJsonAsync("/api/callbacks", new { destination = First })).StatusCode);
        Assert.Equal((null, Customer), await LegsOfLatestAsync()); // no access number: the switch's own default on leg A

        Assert.Equal(HttpStatusCode.OK, (await SetAsync($"/api/admin/accounts/{_account}/caller-id", "+48223334455", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, (await me.PostAsJsonAsync("/api/callbacks", new { destination = First })).StatusCode);
        Assert.Equal(("+48223334455", Customer), await LegsOfLatestAsync());
    }

    [Fact]
    public async Task An_invalid_caller_id_is_refused_with_400_and_the_stored_ones_stay()
    {
        await GivenAsync();
        Assert.Equal(HttpStatusCode.OK, (await SetAsync($"/api/admin/access-numbers/{_number}/caller-id", "+48221112233", null)).StatusCode);

        foreach (var path in new[] { $"/api/admin/access-numbers/{_number}/caller-id", $"/api/admin/accounts/{_account}/caller-id" })
        {
            var refused = await SetAsync(path, "not a number", "+48221112244");
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("not a valid phone number", await refused.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.BadRequest, (await SetAsync(path, null, "+4812")).StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await SetAsync($"/api/admin/accounts/{Guid.NewGuid()}/caller-id", "+48221112233", null)).StatusCode);

        var stored = Assert.Single(await GetArrayAsync(_admin, "/api/admin/access-numbers")).GetProperty("callerIds");
        Assert.Equal(("+48221112233", JsonValueKind.Null), (stored.GetProperty("legA").GetString(), stored.GetProperty("legB").ValueKind));
        Assert.Equal(("+48221112233", Customer), await SmsCallbackShowsAsync()); // the account's refused values never applied
    }

    [Fact]
    public async Task Only_an_admin_sets_caller_ids()
    {
        await GivenAsync();
        var me = await _app.ClientForAsync("callback", "pass1234");

        Assert.Equal(HttpStatusCode.Forbidden, (await me.PutAsJsonAsync($"/api/admin/accounts/{_account}/caller-id", new { legA = "+48221112233" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await me.PutAsJsonAsync($"/api/admin/access-numbers/{_number}/caller-id", new { legA = "+48221112233" })).StatusCode);
    }
}
