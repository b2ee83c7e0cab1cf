using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Application.Sms.Segments;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>docs/languages.md end to end: every command of docs/product.md §2 answered in Polish to a Polish customer (each reply one SMS),
/// an English customer in the same run answered in English, the customer's <c>L.</c>, the operator's templates and a language added by
/// one file.</summary>
public sealed class LanguageTests : IDisposable
{
    private const string Polish = "48600316058", English = "48600316059", PolishNumber = "48500100300", Stranger = "48501234567";
    private readonly string _folder = Directory.CreateTempSubdirectory("languages-").FullName;
    private SmsCallbackApp _app = null!;
    private HttpClient _admin = null!;
    private int _nextId;

    public void Dispose()
    {
        _app?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    private async Task StartAsync(IDictionary<string, string?>? settings = null)
    {
        _app = new SmsCallbackApp(settings: settings);
        _admin = await _app.AdminClientAsync();
        // A Polish access number: unknown senders writing to it are answered in Polish.
        var number = await _admin.PostAsJsonAsync("/api/admin/access-numbers", new { number = "+" + PolishNumber, channel = "generic", language = "pl" });
        Assert.Equal(HttpStatusCode.Created, number.StatusCode);
    }

    private async Task<Guid> CustomerAsync(string login, string language, string phone, decimal creditLimit = TestCreditLimit)
    {
        var created = await _admin.PostAsJsonAsync("/api/admin/accounts", new { login, password = "pass1234", language });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await _admin.PutAsJsonAsync($"/api/admin/accounts/{id}", new { creditLimit, maxConcurrentCallbacks = 5 })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await _admin.PostAsJsonAsync($"/api/admin/accounts/{id}/phones", new { number = phone })).StatusCode);
        return id;
    }

    /// <summary>Sends an SMS and returns the text of its one reply, checked to fit one SMS.</summary>
    private async Task<string> ReplyAsync(string from, string text, string to = "48500100200")
    {
        var id = $"lang-{Interlocked.Increment(ref _nextId)}";
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSignedAsync(Body(id, from, text, to))).StatusCode);
        var inbox = await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/sms/inbox"),
            items => items.Any(i => i.GetProperty("messageId").GetString() == id && i.GetProperty("status").GetString() == "Processed"), $"{text} processed");
        var smsId = inbox.First(i => i.GetProperty("messageId").GetString() == id).GetProperty("id").GetString();
        var reply = (await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/sms/outbox"),
            o => o.Any(x => x.GetProperty("inboundSmsId").GetString() == smsId), $"the reply to {text}"))
            .First(x => x.GetProperty("inboundSmsId").GetString() == smsId).GetProperty("text").GetString()!;
        Assert.True(SmsSegments.Analyze(reply).Segments == 1, $"'{reply}' needs more than one SMS");
        return reply;
    }

    [Fact]
    public async Task A_Polish_customer_gets_every_reply_in_Polish_and_an_English_one_stays_English()
    {
        await StartAsync();
        var pawel = await CustomerAsync("pawel", "pl", Polish);
        await CustomerAsync("john", "en", English);
        await CustomerAsync("bieda", "pl", "48600316050", creditLimit: 0);
        (await _admin.PostAsJsonAsync($"/api/admin/accounts/{pawel}/topups", new { amount = 12.5m })).EnsureSuccessStatusCode();

        var pl = new Dictionary<string, string>
        {
            ["HELP"] = await ReplyAsync(Polish, "HELP"),
            ["D."] = await ReplyAsync(Polish, "D.48774417880"),
            ["I."] = await ReplyAsync(Polish, "I."),
            ["B."] = await ReplyAsync(Polish, "B.nikt"),
            ["N"] = await ReplyAsync(Polish, "N2"),
            ["R. own"] = await ReplyAsync(Polish, "R.48600316058"),
            ["R. other"] = await ReplyAsync(Polish, "R.48501234567"),
            ["L.xx"] = await ReplyAsync(Polish, "L.xx"),
            ["L."] = await ReplyAsync(Polish, "L."),
            ["login failed"] = await ReplyAsync(Polish, "U.pawel P.wrong D.48774417880"),
            ["D"] = await ReplyAsync(Polish, "D48774417880"),
            ["unknown"] = await ReplyAsync(Polish, "X.1"),
            ["two actions"] = await ReplyAsync(Polish, "D.1 R.2"),
            ["bad number"] = await ReplyAsync(Polish, "D.12"),
            ["no credit"] = await ReplyAsync("48600316050", "D.48774417880"),
            ["unknown sender"] = await ReplyAsync(Stranger, "D.48774417880", to: PolishNumber),
            ["wrong code"] = await ReplyAsync(Stranger, "C.000000", to: PolishNumber),
        };

        Assert.Equal("Łączymy: najpierw +48600316058, potem +48774417880.", pl["D."]);
        Assert.Equal("Saldo: 12,50 EUR.", pl["I."]);
        Assert.Equal("W książce telefonicznej nie ma wpisu nikt.", pl["B."]);
        Assert.Equal("Twoja książka telefoniczna jest pusta.", pl["N"]);
        Assert.Equal("Numer +48600316058 jest już przypisany do Twojego konta.", pl["R. own"]);
        Assert.Equal("Kod wysłany na +48501234567: odeślij go z tego numeru w ciągu 10 min.", pl["R. other"]);
        Assert.Equal("Nieznany język xx. Dostępne: en, pl.", pl["L.xx"]);
        Assert.Equal("Brak języka po L., np. L.pl.", pl["L."]);
        Assert.Equal("Błędny login lub hasło.", pl["login failed"]);
        Assert.Equal("Po D postaw kropkę, np. D.wartość.", pl["D"]);
        Assert.Equal("Nieznane polecenie X.1. Wyślij HELP, aby poznać polecenia.", pl["unknown"]);
        Assert.Equal("Jedno polecenie w SMS-ie: D, R, I, B, N albo L.", pl["two actions"]);
        Assert.Equal("Nieprawidłowy numer docelowy 12.", pl["bad number"]);
        Assert.Equal("Za mało środków na to połączenie. Saldo: 0,00 EUR.", pl["no credit"]);
        Assert.Equal("Ten kod jest błędny albo wygasł.", pl["wrong code"]);
        // Longer than 70 characters with Polish letters: sent without them, in one GSM-7 SMS.
        Assert.StartsWith("Polaczenie: D.numer (O.twoj numer).", pl["HELP"]);
        Assert.StartsWith("Ten numer nie jest zarejestrowany.", pl["unknown sender"]);
        var code = (await GetArrayAsync(_admin, "/api/admin/sms/outbox")).Single(x => x.GetProperty("kind").GetString() == "VerificationCode");
        Assert.StartsWith("Kod SmsCallback ", code.GetProperty("text").GetString());

        // The same commands from the English customer, in the same run.
        Assert.StartsWith("Call: D.number", await ReplyAsync(English, "HELP"));
        Assert.Equal("Balance: 0.00 EUR.", await ReplyAsync(English, "I."));
        Assert.Equal("Unknown language xx. Available: en, pl.", await ReplyAsync(English, "L.xx"));
        Assert.StartsWith("This number is not registered.", await ReplyAsync("48501234568", "D.48774417880")); // another stranger: one reply per window each
    }

    [Fact]
    public async Task L_changes_the_language_and_answers_in_the_new_one()
    {
        await StartAsync();
        await CustomerAsync("pawel", "pl", Polish);
        var customer = await _app.ClientForAsync("pawel", "pass1234");

        Assert.Equal("Language set to English.", await ReplyAsync(Polish, "L.EN"));
        Assert.Equal("en", (await customer.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("language").GetString());
        Assert.Equal("Balance: 0.00 EUR.", await ReplyAsync(Polish, "I."));
        Assert.Equal("Ustawiono język polski.", await ReplyAsync(Polish, "L.pl"));
        Assert.Equal("pl", (await customer.GetFromJsonAsync<JsonElement>("/api/me")).GetProperty("language").GetString());
    }

    [Fact]
    public async Task An_account_nobody_chose_a_language_for_takes_the_access_numbers_and_the_admin_api_refuses_unknown_ones()
    {
        await StartAsync();
        var created = await _admin.PostAsJsonAsync("/api/admin/accounts", new { login = "ania", password = "pass1234" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Created, (await _admin.PostAsJsonAsync($"/api/admin/accounts/{id}/phones", new { number = Polish })).StatusCode);
        Assert.Equal("en", (await _admin.GetFromJsonAsync<JsonElement>($"/api/admin/accounts/{id}")).GetProperty("language").GetString());

        Assert.Equal("Saldo: 0,00 EUR.", await ReplyAsync(Polish, "I.", to: PolishNumber));
        Assert.Equal("pl", (await _admin.GetFromJsonAsync<JsonElement>($"/api/admin/accounts/{id}")).GetProperty("language").GetString());
        Assert.Equal("Saldo: 0,00 EUR.", await ReplyAsync(Polish, "I.")); // chosen once: another number does not change it

        var refused = await _admin.PutAsJsonAsync($"/api/admin/accounts/{id}", new { language = "qq" });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("Unknown language 'qq': the languages are en, pl.", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PostAsJsonAsync("/api/admin/accounts", new { login = "x1", password = "pass1234", language = "qq" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _admin.PostAsJsonAsync("/api/admin/lots", new { count = 1, language = "qq" })).StatusCode);
        Assert.Equal("pl", (await _admin.GetFromJsonAsync<JsonElement>($"/api/admin/accounts/{id}")).GetProperty("language").GetString());
    }

    [Fact]
    public async Task Accounts_of_a_lot_get_the_lots_language()
    {
        await StartAsync();
        var lot = await _admin.PostAsJsonAsync("/api/admin/lots", new { count = 2, loginPrefix = "pl", language = "pl" });
        Assert.Equal(HttpStatusCode.Accepted, lot.StatusCode);
        var lotId = (await lot.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var accounts = await EventuallyAsync(async () => (await _admin.GetFromJsonAsync<JsonElement>($"/api/admin/lots/{lotId}/accounts")),
            page => page.GetProperty("items").GetArrayLength() == 2, "the lot's accounts");
        Assert.All(accounts.GetProperty("items").EnumerateArray(), a => Assert.Equal("pl", a.GetProperty("language").GetString()));
    }

    [Fact]
    public async Task The_operator_rewords_a_reply_and_gets_the_default_back_with_delete()
    {
        await StartAsync();
        await CustomerAsync("pawel", "pl", Polish);
        var customer = await _app.ClientForAsync("pawel", "pass1234");
        const string url = "/api/admin/reply-templates/pl/Balance";

        Assert.Equal(HttpStatusCode.Forbidden, (await customer.PutAsJsonAsync(url, new { text = "x {balance} {currency}" })).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _app.CreateClient().GetAsync("/api/admin/reply-templates")).StatusCode);

        var bad = await _admin.PutAsJsonAsync(url, new { text = "Stan: {amount} {currency}." });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var reasons = await bad.Content.ReadAsStringAsync();
        Assert.Contains("{amount} is not a value of this reply", reasons);
        Assert.Contains("{balance} is missing.", reasons);
        Assert.Equal("Saldo: 0,00 EUR.", await ReplyAsync(Polish, "I.")); // nothing stored

        var saved = await _admin.PutAsJsonAsync(url, new { text = "Stan konta: {balance} {currency}." });
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var sample = await saved.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Stan konta: -12345.67 EUR.", sample.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, sample.GetProperty("warning").ValueKind);
        Assert.Equal("Stan konta: 0,00 EUR.", await ReplyAsync(Polish, "I."));
        var list = await _admin.GetFromJsonAsync<JsonElement>("/api/admin/reply-templates");
        Assert.Contains(list.GetProperty("templates").EnumerateArray(), t =>
            t.GetProperty("language").GetString() == "pl" && t.GetProperty("key").GetString() == "Balance" && t.GetProperty("overridden").GetBoolean());

        var tooLong = await _admin.PutAsJsonAsync(url, new { text = "Środki na Twoim koncie w naszej sieci wynoszą teraz dokładnie {balance} {currency}." });
        var warned = await tooLong.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(2, warned.GetProperty("segments").GetInt32());
        Assert.Contains("more than one SMS (70 characters)", warned.GetProperty("warning").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync(url)).StatusCode);
        Assert.Equal("Saldo: 0,00 EUR.", await ReplyAsync(Polish, "I."));
        var shown = await _admin.GetFromJsonAsync<JsonElement>(url);
        Assert.False(shown.GetProperty("overridden").GetBoolean());
        Assert.Equal(HttpStatusCode.NotFound, (await _admin.GetAsync("/api/admin/reply-templates/pl/Nope")).StatusCode);
    }

    [Fact]
    public async Task A_language_file_dropped_in_the_folder_adds_a_language_for_L_and_replies()
    {
        File.WriteAllText(Path.Combine(_folder, "xx.txt"),
            "# a made-up language for the test\nLanguageChanged = Xanguage xet.\nBalance = Xalance {balance} {currency}.\n");
        await StartAsync(new Dictionary<string, string?> { ["Localization:Folder"] = _folder });
        await CustomerAsync("pawel", "pl", Polish);

        Assert.Equal("Xanguage xet.", await ReplyAsync(Polish, "L.xx"));
        Assert.Equal("Xalance 0.00 EUR.", await ReplyAsync(Polish, "I."));
        Assert.StartsWith("Call: D.number", await ReplyAsync(Polish, "HELP")); // what the file lacks is English
        Assert.Equal("Unknown language qq. Available: en, pl, xx.", await ReplyAsync(Polish, "L.qq")); // the file lacks it: English
        Assert.Equal(HttpStatusCode.Created,
            (await _admin.PostAsJsonAsync("/api/admin/accounts", new { login = "xavier", password = "pass1234", language = "xx" })).StatusCode);
    }
}
