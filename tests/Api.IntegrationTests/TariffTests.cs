using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Tariffs through the real HTTP pipeline: the default tariff of a fresh install, CRUD, the CSV import (all or nothing, size cap) and
/// export, who may call them, and an account's tariff with its currency rule.</summary>
public sealed class TariffTests(Xunit.Abstractions.ITestOutputHelper output) : IDisposable
{
    private const string Header = "prefix,description,pricePerMinute,connectionFee,minimumSeconds,incrementSeconds";
    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    private static async Task<Guid> CreateTariffAsync(HttpClient admin, string name, string currency, params object[] rates)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/tariffs", new { name, currency, rates });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static Task<JsonElement> GetAsync(HttpClient client, string url) => client.GetFromJsonAsync<JsonElement>(url);

    private static Task<HttpResponseMessage> ImportAsync(HttpClient client, Guid tariffId, string csv, string? mode = null) =>
        client.PostAsync($"/api/admin/tariffs/{tariffId}/rates/import{(mode is null ? "" : "?mode=" + mode)}",
            new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static object Rate(string prefix, decimal price, decimal fee = 0, int min = 0, int inc = 1, string description = "") =>
        new { prefix, description, pricePerMinute = price, connectionFee = fee, minimumSeconds = min, incrementSeconds = inc };

    [Fact]
    public async Task A_fresh_install_has_the_default_tariff_prefixes_1_to_9_at_5_cents_a_minute()
    {
        var admin = await _app.AdminClientAsync();

        var tariffs = await GetArrayAsync(admin, "/api/admin/tariffs");

        var only = Assert.Single(tariffs);
        Assert.Equal(("Default", "EUR", true, 9), (only.GetProperty("name").GetString(), only.GetProperty("currency").GetString(),
            only.GetProperty("isDefault").GetBoolean(), only.GetProperty("rates").GetInt32()));
        var details = await GetAsync(admin, $"/api/admin/tariffs/{only.GetProperty("id").GetGuid()}");
        var rates = details.GetProperty("rates").EnumerateArray().ToArray();
        Assert.Equal(["1", "2", "3", "4", "5", "6", "7", "8", "9"], rates.Select(r => r.GetProperty("prefix").GetString()));
        Assert.All(rates, r => Assert.Equal((0.05m, 0m, 0, 1), (r.GetProperty("pricePerMinute").GetDecimal(),
            r.GetProperty("connectionFee").GetDecimal(), r.GetProperty("minimumSeconds").GetInt32(), r.GetProperty("incrementSeconds").GetInt32())));
    }

    [Fact]
    public async Task An_admin_creates_lists_reads_updates_and_deletes_tariffs_and_rates()
    {
        var admin = await _app.AdminClientAsync();
        var id = await CreateTariffAsync(admin, "Retail", "PLN", Rate("48", 0.10m, description: "Poland"), Rate("4860", 0.20m, 0.05m, 30, 6),
            Rate("49", 0.30m));

        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/admin/tariffs", new { name = "Retail", currency = "PLN" })).StatusCode);
        var invalid = await admin.PostAsJsonAsync("/api/admin/tariffs", new { name = "Bad", currency = "EURO", rates = new[] { Rate("+48", 1m) } });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        var badRate = await admin.PostAsJsonAsync("/api/admin/tariffs", new { name = "Bad", currency = "EUR", rates = new[] { Rate("48", 1m, inc: 0) } });
        Assert.Equal(HttpStatusCode.BadRequest, badRate.StatusCode);

        var listed = (await GetArrayAsync(admin, "/api/admin/tariffs")).Single(t => t.GetProperty("id").GetGuid() == id);
        Assert.Equal(3, listed.GetProperty("rates").GetInt32());
        var page = await GetAsync(admin, $"/api/admin/tariffs/{id}?page=2&pageSize=1&prefix=48");
        Assert.Equal(2, page.GetProperty("totalRates").GetInt32());
        var second = Assert.Single(page.GetProperty("rates").EnumerateArray());
        Assert.Equal(("4860", 0.05m, 30, 6), (second.GetProperty("prefix").GetString(), second.GetProperty("connectionFee").GetDecimal(),
            second.GetProperty("minimumSeconds").GetInt32(), second.GetProperty("incrementSeconds").GetInt32()));

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/admin/tariffs/{id}", new { name = "Retail 2026", currency = "EUR" })).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await admin.PutAsJsonAsync($"/api/admin/tariffs/{id}/rates/44", new { pricePerMinute = 0.15m })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/admin/tariffs/{id}/rates/48", new { pricePerMinute = 0.11m, description = "PL" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/admin/tariffs/{id}/rates/4x", new { pricePerMinute = 0.1m })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/admin/tariffs/{id}/rates/41", new { description = "no price" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/tariffs/{id}/rates/49")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/admin/tariffs/{id}/rates/49")).StatusCode);

        var details = await GetAsync(admin, $"/api/admin/tariffs/{id}");
        Assert.Equal(("Retail 2026", "EUR"), (details.GetProperty("name").GetString(), details.GetProperty("currency").GetString()));
        Assert.Equal(["44", "48", "4860"], details.GetProperty("rates").EnumerateArray().Select(r => r.GetProperty("prefix").GetString()));
        Assert.Equal(0.11m, details.GetProperty("rates")[1].GetProperty("pricePerMinute").GetDecimal());
        Assert.True(details.GetProperty("version").GetInt64() >= 5);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/tariffs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/tariffs/{id}")).StatusCode);
    }

    [Fact]
    public async Task The_default_and_a_tariff_in_use_cannot_be_deleted_and_the_default_can_move()
    {
        var admin = await _app.AdminClientAsync();
        var defaultId = (await GetArrayAsync(admin, "/api/admin/tariffs"))[0].GetProperty("id").GetGuid();
        var other = await CreateTariffAsync(admin, "Other", "EUR", Rate("48", 0.1m));
        var account = await _app.CreateAccountAsync(admin, "ratedcustomer", "pass1234");
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/admin/accounts/{account}/tariff", new { tariffId = other })).StatusCode);

        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/api/admin/tariffs/{defaultId}")).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.DeleteAsync($"/api/admin/tariffs/{other}")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PostAsync($"/api/admin/tariffs/{other}/default", null)).StatusCode);
        var tariffs = await GetArrayAsync(admin, "/api/admin/tariffs");
        Assert.Equal([other], tariffs.Where(t => t.GetProperty("isDefault").GetBoolean()).Select(t => t.GetProperty("id").GetGuid()));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/admin/tariffs/{defaultId}")).StatusCode); // no longer the default
    }

    [Fact]
    public async Task A_csv_import_replaces_or_merges_and_a_bad_row_stores_nothing()
    {
        var admin = await _app.AdminClientAsync();
        var id = await CreateTariffAsync(admin, "Imported", "EUR", Rate("1", 0.01m));

        var good = await ImportAsync(admin, id, $"{Header}\n48,Poland,0.10,0,0,1\n4860,\"Poland, mobile\",0.2,0.05,30,6\n\n49,Germany,0.3,0,60,60\n");
        Assert.Equal(HttpStatusCode.OK, good.StatusCode);
        Assert.Equal(3, (await good.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rates").GetInt32());
        var merged = await ImportAsync(admin, id, $"{Header}\r\n44,UK,0.4,0,0,1\r\n48,Poland,0.11,0,0,1\r\n", mode: "merge");
        Assert.Equal(HttpStatusCode.OK, merged.StatusCode);
        var details = await GetAsync(admin, $"/api/admin/tariffs/{id}");
        Assert.Equal(["44", "48", "4860", "49"], details.GetProperty("rates").EnumerateArray().Select(r => r.GetProperty("prefix").GetString()));
        Assert.Equal("Poland, mobile", details.GetProperty("rates")[2].GetProperty("description").GetString());
        Assert.Equal(0.11m, details.GetProperty("rates")[1].GetProperty("pricePerMinute").GetDecimal());

        var bad = await ImportAsync(admin, id, $"{Header}\n33,France,0.1,0,0,1\n+48,Bad,0.1,0,0,1\n34,Spain,0,1;5,0,1\n35,Italy,0.1,0,0,0\n33,Again,0.1,0,0,1\n36,Short,0.1\n");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var errors = (await bad.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors");
        Assert.Equal(["line 3", "line 4", "line 5", "line 6", "line 7"], errors.EnumerateObject().Select(e => e.Name).Order());
        Assert.Contains("prefix", errors.GetProperty("line 3")[0].GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("line 2", errors.GetProperty("line 6")[0].GetString());
        Assert.Equal(4, (await GetAsync(admin, $"/api/admin/tariffs/{id}")).GetProperty("totalRates").GetInt32()); // nothing stored

        var noHeader = await ImportAsync(admin, id, "48,Poland,0.1,0,0,1\n");
        Assert.Equal(HttpStatusCode.BadRequest, noHeader.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await ImportAsync(admin, id, $"{Header}\n", mode: "append")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ImportAsync(admin, Guid.NewGuid(), $"{Header}\n48,P,0.1,0,0,1\n")).StatusCode);

        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes($"{Header}\n1,World,0.5,0,0,1\n"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "rates.csv");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/admin/tariffs/{id}/rates/import", form)).StatusCode);
        Assert.Equal(1, (await GetAsync(admin, $"/api/admin/tariffs/{id}")).GetProperty("totalRates").GetInt32()); // replace is the default
    }

    [Fact]
    public async Task An_import_over_20_MB_is_refused_with_413()
    {
        var admin = await _app.AdminClientAsync();
        var id = await CreateTariffAsync(admin, "Huge", "EUR");
        var csv = new StringBuilder(Header).Append('\n');
        var line = "123456789012345," + new string('x', 80) + ",0.1,0,0,1\n";
        while (csv.Length <= 20 * 1024 * 1024) csv.Append(line);

        var response = await ImportAsync(admin, id, csv.ToString());

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(0, (await GetAsync(admin, $"/api/admin/tariffs/{id}")).GetProperty("totalRates").GetInt32());
    }

    [Fact]
    public async Task An_export_imports_back_into_the_same_rates()
    {
        var admin = await _app.AdminClientAsync();
        var source = await CreateTariffAsync(admin, "Source", "USD", Rate("1", 0.0123m, 0.5m, 60, 60, "USA, \"lower 48\""), Rate("1800", 0m),
            Rate("123456789012345", 9.9999m, 0, 3600, 3600, "-leading dash"));

        var export = await admin.GetAsync($"/api/admin/tariffs/{source}/rates/export");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("text/csv", export.Content.Headers.ContentType?.MediaType);
        var csv = await export.Content.ReadAsStringAsync();
        Assert.StartsWith(Header, csv);

        var copy = await CreateTariffAsync(admin, "Copy", "USD");
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(admin, copy, csv)).StatusCode);
        Assert.Equal(csv, await admin.GetStringAsync($"/api/admin/tariffs/{copy}/rates/export"));
        var rates = (await GetAsync(admin, $"/api/admin/tariffs/{copy}")).GetProperty("rates");
        Assert.Equal("USA, \"lower 48\"", rates[0].GetProperty("description").GetString());
        Assert.Equal(0.0123m, rates[0].GetProperty("pricePerMinute").GetDecimal());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/admin/tariffs/{Guid.NewGuid()}/rates/export")).StatusCode);
    }

    [Fact]
    public async Task Customers_and_anonymous_callers_are_refused()
    {
        var admin = await _app.AdminClientAsync();
        var id = await CreateTariffAsync(admin, "Private", "EUR", Rate("48", 0.1m));
        var account = await _app.CreateAccountAsync(admin, "nosy", "pass1234");
        var customer = await _app.ClientForAsync("nosy", "pass1234");
        var anonymous = _app.CreateClient();

        foreach (var (client, expected) in new[] { (customer, HttpStatusCode.Forbidden), (anonymous, HttpStatusCode.Unauthorized) })
        {
            Assert.Equal(expected, (await client.GetAsync("/api/admin/tariffs")).StatusCode);
            Assert.Equal(expected, (await client.GetAsync($"/api/admin/tariffs/{id}")).StatusCode);
            Assert.Equal(expected, (await client.PostAsJsonAsync("/api/admin/tariffs", new { name = "Mine", currency = "EUR" })).StatusCode);
            Assert.Equal(expected, (await ImportAsync(client, id, $"{Header}\n48,Free,0,0,0,1\n")).StatusCode);
            Assert.Equal(expected, (await client.GetAsync($"/api/admin/tariffs/{id}/rates/export")).StatusCode);
            Assert.Equal(expected, (await client.PutAsJsonAsync($"/api/admin/tariffs/{id}/rates/48", new { pricePerMinute = 0m })).StatusCode);
            Assert.Equal(expected, (await client.DeleteAsync($"/api/admin/tariffs/{id}")).StatusCode);
            Assert.Equal(expected, (await client.PutAsJsonAsync($"/api/admin/accounts/{account}/tariff", new { tariffId = id })).StatusCode);
        }
        Assert.Equal(0.1m, (await GetAsync(admin, $"/api/admin/tariffs/{id}")).GetProperty("rates")[0].GetProperty("pricePerMinute").GetDecimal());
    }

    [Fact]
    public async Task An_account_s_currency_follows_its_tariff_until_money_moved()
    {
        var admin = await _app.AdminClientAsync();
        var zloty = await CreateTariffAsync(admin, "Zloty", "PLN", Rate("48", 0.2m));
        var zloty2 = await CreateTariffAsync(admin, "Zloty 2", "PLN", Rate("48", 0.3m));
        var euro = await CreateTariffAsync(admin, "Euro", "EUR", Rate("48", 0.05m));
        var fresh = await _app.CreateAccountAsync(admin, "fresh", "pass1234");
        var funded = await _app.CreateAccountAsync(admin, "funded", "pass1234");
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync($"/api/admin/accounts/{funded}/topups", new { amount = 5m })).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/admin/accounts/{fresh}/tariff", new { tariffId = zloty })).StatusCode);
        var summary = await GetAsync(admin, $"/api/admin/accounts/{fresh}");
        Assert.Equal((zloty, "PLN"), (summary.GetProperty("tariffId").GetGuid(), summary.GetProperty("currency").GetString()));
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/admin/accounts/{fresh}/tariff", new { tariffId = zloty2 })).StatusCode);

        var refused = await admin.PutAsJsonAsync($"/api/admin/accounts/{funded}/tariff", new { tariffId = zloty });
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("currencies are kept apart", await refused.Content.ReadAsStringAsync());
        Assert.Equal("EUR", (await GetAsync(admin, $"/api/admin/accounts/{funded}")).GetProperty("currency").GetString());
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/admin/accounts/{funded}/tariff", new { tariffId = euro })).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/admin/accounts/{fresh}/tariff", new { tariffId = Guid.NewGuid() })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PutAsJsonAsync($"/api/admin/accounts/{Guid.NewGuid()}/tariff", new { tariffId = euro })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PutAsJsonAsync($"/api/admin/accounts/{fresh}/tariff", new { })).StatusCode);

        // A tariff's currency stays while accounts are rated on it; an unused tariff may change it.
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PutAsJsonAsync($"/api/admin/tariffs/{zloty2}", new { name = "Zloty 2", currency = "EUR" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/admin/tariffs/{zloty2}", new { name = "Zloty 2", currency = "PLN" })).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/admin/tariffs/{zloty}", new { name = "Was zloty", currency = "CZK" })).StatusCode);
    }
    [Fact]
    public async Task Accounts_generated_in_a_lot_take_the_currency_of_the_lot_s_tariff()
    {
        var admin = await _app.AdminClientAsync();
        var zloty = await CreateTariffAsync(admin, "Cards", "PLN", Rate("48", 0.2m));

        var created = await admin.PostAsJsonAsync("/api/admin/lots", new
        {
            count = 2, loginPrefix = "pln", loginLength = 6, passwordLength = 6,
            initialBalance = 5m, tariffId = zloty
        });
        var lot = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await EventuallyAsync(() => GetAsync(admin, $"/api/admin/lots/{lot}"), l => l.GetProperty("state").GetString() == "Completed", "the lot",
            timeoutMs: 60_000);

        var accounts = (await GetAsync(admin, $"/api/admin/lots/{lot}/accounts")).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal(2, accounts.Length);
        Assert.All(accounts, a => Assert.Equal(("PLN", 5m), (a.GetProperty("currency").GetString(), a.GetProperty("balance").GetDecimal())));
    }
    [Fact]
    public async Task A_csv_of_a_hundred_thousand_rates_imports_in_seconds_and_exports_back()
    {
        var admin = await _app.AdminClientAsync();
        var id = await CreateTariffAsync(admin, "Wholesale", "USD");
        var csv = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < 100_000; i++) csv.Append(1_000_000 + i).Append(",Zone ").Append(i).Append(",0.0123,0.01,0,1\n");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var response = await ImportAsync(admin, id, csv.ToString());
        var imported = watch.Elapsed;
        var exported = await admin.GetStringAsync($"/api/admin/tariffs/{id}/rates/export");
        output.WriteLine($"100 000 rows: import {imported.TotalMilliseconds:F0} ms (parse, check, write), export {(watch.Elapsed - imported).TotalMilliseconds:F0} ms");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(100_000, (await GetAsync(admin, $"/api/admin/tariffs/{id}?pageSize=1")).GetProperty("totalRates").GetInt32());
        Assert.Equal(100_001, exported.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.True(imported < TimeSpan.FromSeconds(60), $"took {imported}"); // a few seconds on a quiet machine; CI VMs are shared
    }
}
