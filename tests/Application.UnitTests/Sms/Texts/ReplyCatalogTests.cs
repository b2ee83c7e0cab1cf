using SmsCallback.Application.Sms.Segments;
using SmsCallback.Application.Sms.Texts;

namespace SmsCallback.Application.UnitTests.Sms.Texts;

public sealed class ReplyCatalogTests : IDisposable
{
    private static readonly ReplyCatalog Shipped = ReplyCatalog.Load();
    private readonly string _folder = Directory.CreateTempSubdirectory("replies-").FullName;

    /// <summary>The longest values each placeholder takes in practice (a 20-character quote is the longest the product echoes).</summary>
    private static readonly Dictionary<string, string> Longest = new()
    {
        ["number"] = "+48123456789012", ["source"] = "+48123456789012", ["destination"] = "+48123456789012",
        ["typed"] = "12345678901234567890", ["name"] = "abcdefghijabcdefghij", ["token"] = "N123456",
        ["balance"] = "-12345.67", ["free"] = "12345.67", ["held"] = "12345.67", ["currency"] = "EUR",
        ["count"] = "10", ["index"] = "200", ["max"] = "10", ["code"] = "123456", ["minutes"] = "10", ["languages"] = "en, pl",
    };

    public static TheoryData<string> ShippedLanguages() => [.. Shipped.Languages];

    [Theory]
    [MemberData(nameof(ShippedLanguages))]
    public void Every_shipped_language_has_every_reply_with_the_same_placeholders(string language)
    {
        var texts = Shipped.Keys.ToDictionary(k => k, k => Shipped.Template(language, k));
        Assert.All(Shipped.Keys, key => Assert.Empty(Shipped.Validate(key, texts[key])));
        Assert.Contains("pl", Shipped.Languages);
    }

    [Theory]
    [MemberData(nameof(ShippedLanguages))]
    public void Every_reply_fits_one_sms_with_its_longest_values_without_being_cut(string language)
    {
        foreach (var key in Shipped.Keys)
        {
            var text = ReplyCatalog.Render(Shipped.Template(language, key), Longest);
            var sent = ReplyCatalog.FitOneSms(text);
            Assert.True(SmsSegments.Analyze(sent).Segments == 1, $"{language} {key} needs {SmsSegments.Analyze(sent).Segments} SMS: {sent}");
            Assert.True(sent == text || sent == ReplyCatalog.WithoutDiacritics(text), $"{language} {key} was cut: {sent}");
        }
    }

    [Fact]
    public void Polish_keeps_its_letters_when_they_fit_and_drops_the_accents_when_only_that_fits_one_sms()
    {
        Assert.Equal("Ten kod jest błędny albo wygasł.", ReplyCatalog.FitOneSms(Shipped.Template("pl", "PhoneCodeRefused")));
        var help = Shipped.Template("pl", "Help");
        Assert.Equal(2, SmsSegments.Analyze(help).Segments);
        Assert.Equal("Polaczenie: D.numer (O.twoj numer). Rejestracja: U.login P.haslo R.numer. Saldo: I. Ksiazka: B.nazwa lub N2. Jezyk: L.pl",
            ReplyCatalog.FitOneSms(help));
        Assert.Equal("Żółć", ReplyCatalog.FitOneSms("Żółć"));
        Assert.Equal("Zolc " + new string('x', 150), ReplyCatalog.FitOneSms("Żółć " + new string('x', 150)));
    }

    [Fact]
    public void A_text_is_refused_with_the_reason_when_its_placeholders_do_not_match_the_reply()
    {
        Assert.Equal(["{amount} is not a value of this reply (it takes {balance}, {currency}).", "{balance} is missing."],
            Shipped.Validate("Balance", "Saldo: {amount} {currency}."));
        Assert.Equal(["a brace is not part of a {placeholder}."], Shipped.Validate("Balance", "Saldo: {balance} {currency} }"));
        Assert.Equal(["there is no reply Nope."], Shipped.Validate("Nope", "x"));
        Assert.Empty(Shipped.Validate("Balance", "Stan konta: {balance} {currency}"));
    }

    [Fact]
    public void A_language_is_added_by_one_file_and_falls_back_to_English_for_what_it_lacks()
    {
        File.WriteAllText(Path.Combine(_folder, "xx.txt"), "# a made-up language\nBalance = Xalance {currency} {balance}!\nLoginFailed = Xogin xailed.\n");

        var catalog = ReplyCatalog.Load(_folder);

        Assert.Contains("xx", catalog.Languages);
        Assert.Equal("Xalance EUR 2.40!", ReplyCatalog.Render(catalog.Template("xx", "Balance"), Longest.With("balance", "2.40")));
        Assert.Equal("Xogin xailed.", catalog.Template("XX", "LoginFailed"));
        Assert.Equal(Shipped.Template("en", "AccountBlocked"), catalog.Template("xx", "AccountBlocked"));
    }

    [Fact]
    public void A_language_file_with_a_wrong_placeholder_is_refused_at_start_up_naming_the_reply()
    {
        File.WriteAllText(Path.Combine(_folder, "xx.txt"), "Balance = Xalance {money}.\n");
        var error = Assert.Throws<FormatException>(() => ReplyCatalog.Load(_folder));
        Assert.Contains("xx.txt, Balance: {money} is not a value of this reply", error.Message);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

internal static class DictionaryExtensions
{
    public static Dictionary<string, string> With(this Dictionary<string, string> values, string key, string value) => new(values) { [key] = value };
}
