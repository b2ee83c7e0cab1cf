using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>The IVR speaks each caller's language (docs/prompts.md): on the simulator, a Polish customer hears the Polish recordings,
/// with amounts in Polish grammar, while an English customer in the same run hears English.</summary>
public sealed class PromptLanguageTests : IDisposable
{
    private const string Polish = "+48600316058";
    private const string English = "+48600316059";
    private const string First = "+48774417880";
    private const string Second = "+48226543210";
    private readonly SmsCallbackApp _app = new(settings: new Dictionary<string, string?> { ["Switch:Simulator:Mode"] = "Manual" });
    private HttpClient _admin = null!;

    public void Dispose() => _app.Dispose();

    /// <summary>Sets an account's language as the languages feature will (until its admin API is merged, straight through the model).</summary>
    internal static async Task SetLanguageAsync(SmsCallbackApp app, Guid accountId, string language)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SmsCallback.Infrastructure.Persistence.AppDbContext>();
        var account = await db.Set<SmsCallback.Domain.Accounts.Account>().SingleAsync(a => a.Id == accountId);
        account.ChangeLanguage(language);
        await db.SaveChangesAsync();
    }

    /// <summary>A tariff in złoty whose calls cost nothing, so the balance read out is the one topped up.</summary>
    internal static async Task UseFreeZlotyTariffAsync(HttpClient admin, Guid accountId)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/tariffs", new
        {
            name = "PLN free " + accountId.ToString("N")[..8], currency = "PLN",
            rates = new[] { new { prefix = "48", description = "Polska", pricePerMinute = 0m, connectionFee = 0m, minimumSeconds = 0, incrementSeconds = 1 } },
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var tariff = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await admin.PutAsJsonAsync($"/api/admin/accounts/{accountId}/tariff", new { tariffId = tariff })).EnsureSuccessStatusCode();
    }

    private Task RuleAsync(string number, string outcome) =>
        _admin.PostAsJsonAsync("/api/admin/simulator/rules", new { number, outcome, answerAfterMs = 20 });

    private async Task<JsonElement> LegAAsync(string customer, Func<JsonElement, bool> condition, string what) =>
        (await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/simulator/calls"),
            calls => calls.Any(c => IsLegAOf(c, customer) && condition(c)), what)).Single(c => IsLegAOf(c, customer));

    private static bool IsLegAOf(JsonElement call, string customer) =>
        call.GetProperty("leg").GetString() == "A" && call.GetProperty("number").GetString() == customer && !call.GetProperty("incoming").GetBoolean();

    private static string[] Played(JsonElement call) => [.. call.GetProperty("played").EnumerateArray().Select(p => p.GetString()!)];

    private async Task PressAsync(string customer, string keys)
    {
        var a = (await LegAAsync(customer, _ => true, "leg A")).GetProperty("callId").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await _admin.PostAsJsonAsync($"/api/admin/simulator/calls/{a}/dtmf", new { digits = keys })).StatusCode);
    }

    private async Task ConnectedAsync(int count) =>
        await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/callbacks"),
            c => c.Count(x => x.GetProperty("state").GetString() == "Connected") == count, $"{count} callbacks connected");

    private static string[] Sounds(params string[] names) => [.. names.Select(n => "sound:smscallback/" + n)];

    [Fact]
    public async Task A_Polish_customer_hears_Polish_prompts_and_amounts_while_an_English_one_in_the_same_run_hears_English()
    {
        _admin = await _app.AdminClientAsync();
        (await _admin.PutAsJsonAsync("/api/admin/ivr-settings", new { enabled = true, digitTimeoutMs = 30_000 })).EnsureSuccessStatusCode();
        var polish = await _app.CreateAccountAsync(_admin, "polski", "pass1234", Polish);
        var english = await _app.CreateAccountAsync(_admin, "english", "pass1234", English);
        await SetLanguageAsync(_app, polish, "pl");
        await UseFreeZlotyTariffAsync(_admin, polish);
        (await _admin.PostAsJsonAsync($"/api/admin/accounts/{polish}/topups", new { amount = 22.50m, note = "test" })).EnsureSuccessStatusCode();
        (await _admin.PostAsJsonAsync($"/api/admin/accounts/{english}/topups", new { amount = 100m, note = "test" })).EnsureSuccessStatusCode();
        foreach (var number in new[] { Polish, English, First, Second }) await RuleAsync(number, "answer");

        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("lang-pl", Polish, "D." + First)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("lang-en", English, "D." + Second)).StatusCode);
        await ConnectedAsync(2);

        await PressAsync(Polish, "111");
        await PressAsync(English, "111");

        // "Twoje saldo wynosi dwadzieścia dwa złote pięćdziesiąt groszy": 22 takes the "few" form, 50 the "many" form.
        string[] polishBalance = Sounds("your-balance-is", "digits/20", "digits/2", "currency/pln-few", "digits/50", "currency/pln-sub-many");
        var pl = await LegAAsync(Polish, c => Played(c).Length >= polishBalance.Length, "the balance in Polish");
        Assert.Equal(polishBalance, Played(pl));
        Assert.Equal("pl", pl.GetProperty("language").GetString());

        string[] englishBalance = Sounds("your-balance-is", "digits/1", "digits/hundred", "currency/eur-other"); // "one hundred euros"
        var en = await LegAAsync(English, c => Played(c).Length >= englishBalance.Length, "the balance in English");
        Assert.Equal(englishBalance, Played(en));
        Assert.Equal("en", en.GetProperty("language").GetString());

        // The menu: after the end-leg code each hears the prompt for a new number, in their own language.
        await PressAsync(Polish, "#1#");
        await PressAsync(English, "#1#");
        pl = await LegAAsync(Polish, c => Played(c).Length == polishBalance.Length + 1, "the Polish menu");
        en = await LegAAsync(English, c => Played(c).Length == englishBalance.Length + 1, "the English menu");
        Assert.Equal("sound:smscallback/enter-number", Played(pl)[^1]);
        Assert.Equal("sound:smscallback/enter-number", Played(en)[^1]);
        Assert.Equal(("pl", "en"), (pl.GetProperty("language").GetString(), en.GetProperty("language").GetString()));
    }

    [Fact]
    public async Task Without_an_account_language_that_has_prompts_the_ivr_settings_language_is_used()
    {
        _admin = await _app.AdminClientAsync();
        (await _admin.PutAsJsonAsync("/api/admin/ivr-settings", new { enabled = true, digitTimeoutMs = 30_000, language = "pl" })).EnsureSuccessStatusCode();
        var account = await _app.CreateAccountAsync(_admin, "klient", "pass1234", Polish);
        await SetLanguageAsync(_app, account, "xx"); // a language with replies, perhaps, but no recordings
        foreach (var number in new[] { Polish, First }) await RuleAsync(number, "answer");

        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("lang-xx", Polish, "D." + First)).StatusCode);
        await ConnectedAsync(1);
        await PressAsync(Polish, "#1#");

        var a = await LegAAsync(Polish, c => Played(c).Length == 1, "the prompt");
        Assert.Equal(["sound:smscallback/enter-number"], Played(a));
        Assert.Equal("pl", a.GetProperty("language").GetString());
    }
}
