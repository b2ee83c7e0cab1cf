using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Password guessing (docs/adr/0017-sign-in-lockout-and-security-stamp.md): at most five guesses per login and client
/// address in the window, counted atomically; unknown logins cost a hash like known ones; requests per address are rate limited;
/// failures from one address never lock the login out elsewhere.</summary>
public sealed class LoginLockoutTests : IDisposable
{
    private const string Attacker = "203.0.113.9";
    private const string Office = "198.51.100.7";

    private readonly List<SmsCallbackApp> _apps = [];
    private CountingPasswordHasher _hasher = null!;

    public void Dispose() => _apps.ForEach(a => a.Dispose());

    private SmsCallbackApp App(Dictionary<string, string?>? settings = null)
    {
        var app = new SmsCallbackApp(settings: settings)
        {
            ConfigureServices = services =>
            {
                ClientAddressFromHeader.Register(services);
                _hasher = CountingPasswordHasher.Register(services);
            },
        };
        _apps.Add(app);
        _ = app.Server; // start now, so the counting hasher is in place
        return app;
    }

    private static Task<HttpResponseMessage> TokenAsync(HttpClient client, string login, string password) =>
        client.PostAsJsonAsync("/api/auth/token", new { login, password });

    [Fact]
    public async Task Forty_parallel_wrong_passwords_get_at_most_five_checked_and_the_right_one_is_then_refused()
    {
        var app = App();
        var attacker = ClientAddressFromHeader.From(app, Attacker);
        var before = _hasher.Verified;

        var burst = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => TokenAsync(attacker, "admin", $"guess-{i}")));

        Assert.All(burst, r => Assert.True(r.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.TooManyRequests, r.StatusCode.ToString()));
        Assert.InRange(_hasher.Verified - before, 1, 5);
        var right = await TokenAsync(attacker, "admin", AdminPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.DoesNotContain("accessToken", await right.Content.ReadAsStringAsync());

        app.Clock.Advance(TimeSpan.FromMinutes(16)); // the failures age out of the window
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(attacker, "admin", AdminPassword)).StatusCode);
    }

    [Fact]
    public async Task An_unknown_login_is_answered_only_after_a_password_hash_like_a_known_one()
    {
        var app = App();
        var client = ClientAddressFromHeader.From(app, Office);

        var before = _hasher.Verified;
        var unknown = await TokenAsync(client, "nobody-here", "some-password");
        var afterUnknown = _hasher.Verified;
        var known = await TokenAsync(client, "admin", "some-password");

        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, known.StatusCode);
        Assert.Equal(1, afterUnknown - before);
        Assert.Equal(1, _hasher.Verified - afterUnknown);
        Assert.Equal(Detail(await known.Content.ReadFromJsonAsync<JsonElement>()), Detail(await unknown.Content.ReadFromJsonAsync<JsonElement>()));
    }

    [Fact]
    public async Task Anonymous_failures_from_elsewhere_never_lock_the_admin_out_of_the_token_or_the_dashboard()
    {
        var app = App();
        var attacker = ClientAddressFromHeader.From(app, Attacker);
        for (var i = 0; i < 8; i++) await TokenAsync(attacker, "admin", $"guess-{i}");
        var signIn = new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = "admin", ["password"] = AdminPassword });

        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(attacker, "admin", AdminPassword)).StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, (await attacker.PostAsync("/admin/login", signIn)).StatusCode);

        var office = ClientAddressFromHeader.From(app, Office);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(office, "admin", AdminPassword)).StatusCode);
        var browser = app.CreateClient(new() { AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Add(ClientAddressFromHeader.Header, Office);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.PostAsync("/admin/login", signIn)).StatusCode); // signed in
    }

    [Fact]
    public async Task Wrong_current_passwords_lock_the_password_change_and_leave_the_password_as_it_was()
    {
        var app = App();
        var admin = await app.AdminClientAsync();
        await app.CreateAccountAsync(admin, "frank", "frankpass1");
        var token = await TokenOfAsync(ClientAddressFromHeader.From(app, Office), "frank", "frankpass1");
        var attacker = ClientAddressFromHeader.From(app, Attacker);
        attacker.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        for (var i = 0; i < 5; i++)
            Assert.Equal(HttpStatusCode.BadRequest,
                (await attacker.PostAsJsonAsync("/api/me/password", new { currentPassword = $"guess-{i}", newPassword = "stolen-pass-1" })).StatusCode);
        var locked = await attacker.PostAsJsonAsync("/api/me/password", new { currentPassword = "frankpass1", newPassword = "stolen-pass-1" });

        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await TokenAsync(ClientAddressFromHeader.From(app, Office), "frank", "frankpass1")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await TokenAsync(ClientAddressFromHeader.From(app, Office), "frank", "stolen-pass-1")).StatusCode);
    }

    [Theory]
    [InlineData("/api/auth/token")]
    [InlineData("/admin/login")]
    [InlineData("/api/me/password")]
    public async Task Each_client_address_gets_a_limited_number_of_sign_in_requests(string path)
    {
        var app = App(new() { ["RateLimiting:SignIn:PermitLimit"] = "3", ["RateLimiting:SignIn:Window"] = "01:00:00" });
        var admin = await app.AdminClientAsync(); // from no address: its own partition
        await app.CreateAccountAsync(admin, "frank", "frankpass1");
        var token = await TokenOfAsync(ClientAddressFromHeader.From(app, "192.0.2.50"), "frank", "frankpass1");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await SendAsync(ClientAddressFromHeader.From(app, Attacker), path, token)).StatusCode);
        var elsewhere = await SendAsync(ClientAddressFromHeader.From(app, Office), path, token);

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, statuses.Take(3));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[3]);
        Assert.NotEqual(HttpStatusCode.TooManyRequests, elsewhere.StatusCode);
    }

    private static string? Detail(JsonElement problem) => problem.GetProperty("detail").GetString();

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string path, string token)
    {
        if (path == "/admin/login")
            return client.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string> { ["login"] = "frank", ["password"] = "wrong" }));
        if (path == "/api/me/password")
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            return client.PostAsJsonAsync(path, new { currentPassword = "wrong", newPassword = "another-pass-1" });
        }
        return TokenAsync(client, "nobody", "wrong");
    }

    private static async Task<string> TokenOfAsync(HttpClient client, string login, string password)
    {
        var response = await TokenAsync(client, login, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
    }
}
