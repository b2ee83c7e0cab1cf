using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Credit reservation, per-leg charges and fraud controls through the real pipeline and the simulator. Calls last minutes of the
/// service's clock, which runs 60 times faster than real time here.</summary>
public sealed class BillingTests
{
    private const string Customer = "+48600316058";
    private const string Destination = "+48774417880";

    private static string? SqlServerConnectionString => SmsCallback.Tests.SqlServerEngineAttribute.ConnectionString;

    /// <summary>An app whose clock runs 60× faster; calls last until the credit's limit unless a rule ends them.</summary>
    private static SmsCallbackApp FastApp(string engine = "sqlite", IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Switch:Simulator:HangupAfterMs"] = "3600000", // nobody hangs up: the switch cuts each call at its maximum time
            ["Billing:MinimumCallSeconds"] = "60",
            ["Processing:SweepGrace"] = "00:10:00",
            ["AntiAbuse:MaxCallbacksPerAccount"] = "1000",
            ["AntiAbuse:MaxCallbacksPerSender"] = "1000",
        };
        if (engine == "sqlserver")
        {
            settings["Database:Provider"] = "SqlServer";
            settings["Database:MigrateOnStart"] = "true";
            settings["Jobs:Storage"] = "InMemory";
            settings["ConnectionStrings:App"] = new Microsoft.Data.SqlClient.SqlConnectionStringBuilder(SqlServerConnectionString)
            { InitialCatalog = $"SmsCallbackTest_{Guid.NewGuid():N}" }.ConnectionString;
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>()) settings[key] = value;
        return new SmsCallbackApp(settings: settings, clockSpeed: 60);
    }

    /// <summary>A tariff charging 1.00 EUR a minute, per second, for Polish numbers; returns its id.</summary>
    private static async Task<Guid> PolishTariffAsync(HttpClient admin, decimal pricePerMinute = 1.00m, decimal connectionFee = 0m)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/tariffs", new
        {
            name = "Poland " + Guid.NewGuid().ToString("N")[..6], currency = "EUR",
            rates = new[] { new { prefix = "48", description = "Poland", pricePerMinute, connectionFee, minimumSeconds = 0, incrementSeconds = 1 } },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>An account on <paramref name="tariff"/> with exactly <paramref name="balance"/> and <paramref name="creditLimit"/>.</summary>
    private static async Task<Guid> AccountAsync(SmsCallbackApp app, HttpClient admin, string login, Guid tariff, decimal balance, decimal creditLimit,
        int maxConcurrent = 1)
    {
        var id = await app.CreateAccountAsync(admin, login, "pass1234", Customer);
        (await admin.PutAsJsonAsync($"/api/admin/accounts/{id}", new { creditLimit, maxConcurrentCallbacks = maxConcurrent })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/admin/accounts/{id}/tariff", new { tariffId = tariff })).StatusCode);
        if (balance != 0) (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/topups", new { amount = balance, note = "test" })).EnsureSuccessStatusCode();
        return id;
    }

    private static async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static async Task<JsonElement[]> FinishedCallbacksAsync(HttpClient admin, int count) =>
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks?take=500"),
            c => c.Length == count && c.All(x => x.GetProperty("state").GetString() is "Completed" or "Failed"
                && Legs(x).All(l => l.GetProperty("cost").ValueKind == JsonValueKind.Number) && x.GetProperty("reserved").GetDecimal() == 0),
            $"{count} finished and settled callbacks", 60_000);

    private static IEnumerable<JsonElement> Legs(JsonElement callback) => callback.GetProperty("legs").EnumerateArray();

    [Theory]
    [InlineData("sqlite")]
    [SmsCallback.Tests.SqlServerEngine]
    public async Task Fifty_callbacks_started_at_once_never_spend_more_than_the_balance_plus_the_credit_limit(string engine)
    {
        using var app = FastApp(engine);
        var admin = await app.AdminClientAsync();
        var tariff = await PolishTariffAsync(admin);
        // Both legs at 1.00/min, leg A reserved 60 s longer for B's ringing: 6.00 + 0.50 affords (2t + 60) / 60 <= 6.50, a call of 165 s.
        var id = await AccountAsync(app, admin, "rich", tariff, balance: 6.00m, creditLimit: 0.50m, maxConcurrent: 50);
        var customer = await app.ClientForAsync("rich", "pass1234");

        var started = await Task.WhenAll(Enumerable.Range(0, 50).Select(i =>
            customer.PostAsJsonAsync("/api/callbacks", new { destination = $"+4877441{i:0000}" })));

        Assert.All(started, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Accepted, HttpStatusCode.PaymentRequired }));
        var accepted = started.Count(r => r.StatusCode == HttpStatusCode.Accepted);
        Assert.InRange(accepted, 1, 3);
        var refusal = await started.First(r => r.StatusCode == HttpStatusCode.PaymentRequired).Content.ReadFromJsonAsync<JsonElement>();
        Assert.StartsWith("Your balance is too low for this call", refusal.GetProperty("detail").GetString());

        var callbacks = await FinishedCallbacksAsync(admin, accepted);
        var account = await GetAsync(admin, $"/api/admin/accounts/{id}");
        var ledger = await GetAsync(admin, $"/api/admin/accounts/{id}/ledger?take=500");
        var charged = ledger.GetProperty("items").EnumerateArray().Where(e => e.GetProperty("reason").GetString() == "CallCharge")
            .Sum(e => -e.GetProperty("amount").GetDecimal());
        var legCosts = callbacks.SelectMany(Legs).Sum(l => l.GetProperty("cost").GetDecimal());

        Assert.True(charged <= 6.50m, $"spent {charged}, more than the balance plus the credit limit");
        Assert.True(charged > 5.00m, $"spent only {charged}: the first call should run to its limit of about three minutes");
        Assert.Equal(legCosts, charged);
        Assert.Equal(6.00m - charged, account.GetProperty("balance").GetDecimal());
        Assert.Equal(0m, account.GetProperty("reserved").GetDecimal());
        Assert.True(account.GetProperty("balance").GetDecimal() >= -0.50m);
        var first = callbacks.First(c => c.GetProperty("state").GetString() == "Completed");
        Assert.All(Legs(first), l => Assert.True(l.GetProperty("cost").GetDecimal() > 0, "both legs are charged"));
        Assert.Equal(165, first.GetProperty("maxDurationSeconds").GetInt32());
    }

    [Fact]
    public async Task A_call_is_cut_at_the_time_its_credit_allows_and_each_leg_is_charged_at_its_own_length()
    {
        using var app = FastApp();
        var admin = await app.AdminClientAsync();
        var tariff = await PolishTariffAsync(admin, pricePerMinute: 1.00m, connectionFee: 0.05m);
        var id = await AccountAsync(app, admin, "alice", tariff, balance: 4.00m, creditLimit: 0m);
        await DisableIvrAsync(admin);

        await app.PostSmsAsync("bill-1", Customer, "D." + Destination);

        var callback = (await FinishedCallbacksAsync(admin, 1))[0];
        // (t + 60) / 60 + 0.05 + t / 60 + 0.05 <= 4.00 → t = 87 s.
        Assert.Equal(87, callback.GetProperty("maxDurationSeconds").GetInt32());
        var a = Legs(callback).Single(l => l.GetProperty("kind").GetString() == "A");
        var b = Legs(callback).Single(l => l.GetProperty("kind").GetString() == "B");
        Assert.Equal(87, b.GetProperty("billedSeconds").GetInt32()); // cut by the switch exactly at the limit
        Assert.True(a.GetProperty("billedSeconds").GetInt32() >= b.GetProperty("billedSeconds").GetInt32());
        foreach (var leg in new[] { a, b })
        {
            Assert.Equal(1.00m, leg.GetProperty("rate").GetDecimal());
            Assert.Equal(Math.Round(0.05m + leg.GetProperty("billedSeconds").GetInt32() / 60m, 4, MidpointRounding.AwayFromZero), leg.GetProperty("cost").GetDecimal());
        }
        var account = await GetAsync(admin, $"/api/admin/accounts/{id}");
        var spent = a.GetProperty("cost").GetDecimal() + b.GetProperty("cost").GetDecimal();
        Assert.Equal(4.00m - spent, account.GetProperty("balance").GetDecimal());
        Assert.True(spent <= 4.00m);
        Assert.Equal(0m, account.GetProperty("reserved").GetDecimal());
        var ledger = (await GetAsync(admin, $"/api/admin/accounts/{id}/ledger")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["CallCharge", "CallCharge", "TopUp"], ledger.Select(e => e.GetProperty("reason").GetString()).Order());
    }

    [Fact]
    public async Task Each_refusal_has_its_own_reply_and_places_no_call()
    {
        using var app = FastApp();
        var admin = await app.AdminClientAsync();
        var tariff = await PolishTariffAsync(admin);
        var id = await AccountAsync(app, admin, "bob", tariff, balance: 0m, creditLimit: 0m);
        var n = 0;

        async Task<string> ReplyToAsync(string text)
        {
            var messageId = $"refusal-{++n}";
            Assert.Equal(HttpStatusCode.OK, (await app.PostSmsAsync(messageId, Customer, text)).StatusCode);
            var outbox = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox?take=500"), o => o.Length == n, $"reply {n}");
            return outbox.OrderBy(o => o.GetProperty("createdAt").GetDateTimeOffset()).Last().GetProperty("text").GetString()!;
        }

        Assert.Equal("Your balance is too low for this call: 0.00 EUR.", await ReplyToAsync("D." + Destination));
        Assert.Equal("Calls to +881612345678 are not allowed.", await ReplyToAsync("D.+881612345678")); // a default blocked prefix
        Assert.Equal("Your tariff does not cover calls to +447911123456.", await ReplyToAsync("D.+447911123456"));

        (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/topups", new { amount = 50m, note = "test" })).EnsureSuccessStatusCode();
        (await admin.PutAsJsonAsync($"/api/admin/accounts/{id}/fraud-controls", new { allowedPrefixes = new[] { "4822", "4860" }, dailySpendCap = (decimal?)null })) // 4860: the customer's own phone, leg A
            .EnsureSuccessStatusCode();
        Assert.Equal("Your account may not call +48774417880.", await ReplyToAsync("D." + Destination));

        (await admin.PutAsJsonAsync($"/api/admin/accounts/{id}/fraud-controls", new { allowedPrefixes = Array.Empty<string>(), dailySpendCap = 0.50m }))
            .EnsureSuccessStatusCode();
        Assert.Equal("Your daily spending limit is reached. Try again tomorrow.", await ReplyToAsync("D." + Destination));

        Assert.Empty(await GetArrayAsync(admin, "/api/admin/callbacks"));
        var account = await GetAsync(admin, $"/api/admin/accounts/{id}");
        Assert.Equal((50m, 0m), (account.GetProperty("balance").GetDecimal(), account.GetProperty("reserved").GetDecimal()));
    }

    [Fact]
    public async Task A_second_callback_while_one_is_in_progress_is_refused_with_its_own_reply_and_status_code()
    {
        using var app = FastApp(extra: new Dictionary<string, string?> { ["Switch:Simulator:Mode"] = "Manual" });
        var admin = await app.AdminClientAsync();
        var tariff = await PolishTariffAsync(admin);
        await AccountAsync(app, admin, "carol", tariff, balance: 50m, creditLimit: 0m, maxConcurrent: 1);
        var customer = await app.ClientForAsync("carol", "pass1234");

        Assert.Equal(HttpStatusCode.Accepted, (await customer.PostAsJsonAsync("/api/callbacks", new { destination = Destination })).StatusCode);
        var second = await customer.PostAsJsonAsync("/api/callbacks", new { destination = Destination });

        Assert.Equal(HttpStatusCode.Conflict, second.StatusCode);
        Assert.Equal("You already have a call in progress. Wait until it ends.",
            (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        var blocked = await customer.PostAsJsonAsync("/api/callbacks", new { destination = "+979123456789" });
        Assert.Equal(HttpStatusCode.Forbidden, blocked.StatusCode);
    }

    [Fact]
    public async Task A_refusal_while_calls_in_progress_hold_the_money_says_what_is_free_and_what_is_held_and_so_does_api_me()
    {
        using var app = FastApp(extra: new Dictionary<string, string?> { ["Switch:Simulator:Mode"] = "Manual" }); // the first call stays up
        var admin = await app.AdminClientAsync();
        var tariff = await PolishTariffAsync(admin);
        await AccountAsync(app, admin, "erin", tariff, balance: 6.00m, creditLimit: 0m, maxConcurrent: 5);
        var customer = await app.ClientForAsync("erin", "pass1234");
        Assert.Equal(HttpStatusCode.Accepted, (await customer.PostAsJsonAsync("/api/callbacks", new { destination = Destination })).StatusCode);

        var second = await customer.PostAsJsonAsync("/api/callbacks", new { destination = Destination });

        Assert.Equal(HttpStatusCode.PaymentRequired, second.StatusCode);
        var me = await GetAsync(customer, "/api/me");
        var (balance, free, held) = (me.GetProperty("balance").GetDecimal(), me.GetProperty("free").GetDecimal(), me.GetProperty("heldByCallsInProgress").GetDecimal());
        Assert.Equal(6.00m, balance);
        Assert.True(held > 0m, "the first call holds credit");
        Assert.Equal(6.00m - held, free);
        Assert.Equal(me.GetProperty("reserved").GetDecimal(), held);
        Assert.Equal(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"Your balance is too low for this call: {free:0.00} EUR is free; {held:0.00} EUR is held by calls in progress."),
            (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Admins_edit_the_blocked_prefixes_and_correct_balances_customers_see_their_ledger_but_cannot_edit()
    {
        using var app = FastApp();
        var admin = await app.AdminClientAsync();
        var id = await app.CreateAccountAsync(admin, "dave", "pass1234", Customer);
        var customer = await app.ClientForAsync("dave", "pass1234");

        var defaults = await GetArrayAsync(admin, "/api/admin/fraud/blocked-prefixes");
        Assert.Contains(defaults, p => p.GetProperty("prefix").GetString() == "881");
        Assert.Equal(HttpStatusCode.OK, (await admin.PutAsJsonAsync("/api/admin/fraud/blocked-prefixes/4870", new { description = "PL premium" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync("/api/admin/fraud/blocked-prefixes/+48x", new { description = "bad" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync("/api/admin/fraud/blocked-prefixes/881")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync("/api/admin/fraud/blocked-prefixes/881")).StatusCode);
        var after = await GetArrayAsync(admin, "/api/admin/fraud/blocked-prefixes");
        Assert.DoesNotContain(after, p => p.GetProperty("prefix").GetString() == "881");
        Assert.Contains(after, p => p.GetProperty("prefix").GetString() == "4870" && p.GetProperty("description").GetString() == "PL premium");
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.GetAsync("/api/admin/fraud/blocked-prefixes")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/admin/fraud/blocked-prefixes")).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/corrections", new { amount = -1m })).StatusCode);
        (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/topups", new { amount = 10m, note = "card" })).EnsureSuccessStatusCode();
        var corrected = await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/corrections", new { amount = -2.5m, note = "double top-up" });
        Assert.Equal(7.5m, (await corrected.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("value").GetDecimal());
        Assert.Equal(HttpStatusCode.BadRequest,
            (await admin.PutAsJsonAsync($"/api/admin/accounts/{id}/fraud-controls", new { allowedPrefixes = new[] { "+48" } })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PostAsJsonAsync($"/api/admin/accounts/{id}/corrections", new { amount = 5m, note = "x" })).StatusCode);

        var ledger = await GetAsync(customer, "/api/me/ledger");
        Assert.Equal(2, ledger.GetProperty("total").GetInt32());
        Assert.Equal(7.5m, ledger.GetProperty("balance").GetDecimal());
        Assert.Equal(["Adjustment", "TopUp"], ledger.GetProperty("items").EnumerateArray().Select(e => e.GetProperty("reason").GetString()));
    }
}
