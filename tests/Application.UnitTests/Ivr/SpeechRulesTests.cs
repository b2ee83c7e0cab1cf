using CsCheck;
using SmsCallback.Application.Ivr.Speech;

namespace SmsCallback.Application.UnitTests.Ivr;

public class SpeechRulesTests
{
    private static readonly SpeechRules Polish = SpeechRules.For("pl");
    private static readonly SpeechRules English = SpeechRules.For("en");

    [Theory]
    [InlineData("50.00", "PLN", "digits/50 currency/pln-many")] // pięćdziesiąt złotych (not "fifty")
    [InlineData("1", "PLN", "digits/1 currency/pln-one")] // jeden złoty
    [InlineData("2", "PLN", "digits/2 currency/pln-few")] // dwa złote
    [InlineData("12", "PLN", "digits/12 currency/pln-many")] // dwanaście złotych: 12-14 take "many"
    [InlineData("22", "PLN", "digits/20 digits/2 currency/pln-few")] // dwadzieścia dwa złote
    [InlineData("21", "PLN", "digits/20 digits/1 currency/pln-many")] // dwadzieścia jeden złotych
    [InlineData("0", "PLN", "digits/0 currency/pln-many")] // zero złotych
    [InlineData("0.40", "EUR", "digits/40 currency/eur-sub-many")] // czterdzieści centów
    [InlineData("12.40", "EUR", "digits/12 currency/eur-many digits/40 currency/eur-sub-many")]
    [InlineData("3.02", "PLN", "digits/3 currency/pln-few digits/2 currency/pln-sub-few")] // trzy złote dwa grosze
    [InlineData("-3.20", "PLN", "digits/minus digits/3 currency/pln-few digits/20 currency/pln-sub-many")]
    [InlineData("1000", "PLN", "digits/thousand-one currency/pln-many")] // tysiąc złotych, not "jeden tysiąc"
    [InlineData("2000", "PLN", "digits/2 digits/thousand-few currency/pln-many")] // dwa tysiące złotych
    [InlineData("12000", "PLN", "digits/12 digits/thousand-many currency/pln-many")] // dwanaście tysięcy złotych
    [InlineData("1234.56", "PLN", "digits/thousand-one digits/200 digits/30 digits/4 currency/pln-few digits/50 digits/6 currency/pln-sub-many")]
    [InlineData("2000000", "USD", "digits/2 digits/million-few currency/usd-many")] // dwa miliony dolarów
    [InlineData("7", "CHF", "digits/7")] // a currency without recorded names: the amount alone
    public void Polish_amounts_take_the_noun_form_their_number_asks_for(string amount, string currency, string expected) =>
        Assert.Equal(expected, string.Join(' ', Polish.Amount(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency)));

    [Theory]
    [InlineData(1, "time/minute-one")] // "przez minutę"
    [InlineData(2, "digits/2-f time/minute-few")] // dwie minuty: minuta is feminine
    [InlineData(5, "digits/5 time/minute-many")] // pięć minut
    [InlineData(14, "digits/14 time/minute-many")] // czternaście minut
    [InlineData(22, "digits/20 digits/2-f time/minute-few")] // dwadzieścia dwie minuty
    [InlineData(102, "digits/100 digits/2-f time/minute-few")] // sto dwie minuty
    [InlineData(2002, "digits/2 digits/thousand-few digits/2-f time/minute-few")] // dwa tysiące dwie minuty
    public void Polish_minutes_are_feminine_and_one_minute_is_said_without_the_number(int minutes, string expected) =>
        Assert.Equal(expected, string.Join(' ', Polish.Minutes(minutes)));

    [Theory]
    [InlineData("50.00", "EUR", "digits/50 currency/eur-other")]
    [InlineData("1.01", "USD", "digits/1 currency/usd-one digits/1 currency/usd-sub-one")]
    [InlineData("123.45", "GBP", "digits/1 digits/hundred digits/20 digits/3 currency/gbp-other digits/40 digits/5 currency/gbp-sub-other")]
    [InlineData("15000", "EUR", "digits/15 digits/thousand currency/eur-other")]
    public void English_amounts_say_whole_units_then_cents(string amount, string currency, string expected) =>
        Assert.Equal(expected, string.Join(' ', English.Amount(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), currency)));

    [Fact]
    public void Phone_numbers_are_read_digit_by_digit_in_every_language()
    {
        Assert.Equal("digits/4 digits/8 digits/6 digits/0 digits/1", string.Join(' ', Polish.Digits("+48 601")));
        Assert.Equal("digits/4 digits/8 digits/6 digits/0 digits/1", string.Join(' ', English.Digits("+48 601")));
    }

    [Fact]
    public void A_language_without_rules_reads_numbers_digit_by_digit_without_unit_names()
    {
        var other = SpeechRules.For("xx");
        Assert.Equal("digits/1 digits/2 digits/4 digits/0", string.Join(' ', other.Amount(12.40m, "EUR")));
        Assert.Equal("digits/2 digits/5", string.Join(' ', other.Minutes(25)));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("pl")]
    [InlineData("xx")]
    public void Everything_a_language_says_is_a_prompt_it_declares(string language)
    {
        var rules = SpeechRules.For(language);
        var declared = rules.PromptNames.ToHashSet();
        Gen.Select(Gen.Decimal[-100_000m, 5_000_000m], Gen.OneOf("EUR", "PLN", "USD", "GBP", "CHF"), Gen.Int[0, 100_000]).Sample((amount, currency, minutes) =>
            rules.Amount(Math.Round(amount, 2), currency).Concat(rules.Minutes(minutes)).All(declared.Contains));
    }

    [Theory]
    [InlineData("en")]
    [InlineData("pl")]
    public void Every_shipped_language_has_a_text_for_every_prompt_it_can_say_and_the_IVR_plays(string language)
    {
        var texts = PromptCatalog.Texts(language);
        var ivr = Domain.Ivr.IvrSettings.Default();
        string[] ivrPrompts = [ivr.PromptEnterNumber, ivr.PromptInvalidNumber, ivr.PromptBalance, ivr.PromptMaxTime, ivr.PromptGoodbye, ivr.PromptNoCredit];
        var missing = SpeechRules.For(language).PromptNames.Concat(ivrPrompts).Where(p => !texts.ContainsKey(p)).ToList();
        Assert.Empty(missing);
        Assert.Contains(language, PromptCatalog.Languages);
    }

    [Fact]
    public void A_prompt_file_with_a_broken_line_is_refused_with_its_line_number()
    {
        var error = Assert.Throws<FormatException>(() => SmsCallback.Application.Common.Localization.TextFile.Parse(new StringReader("# comment\ngoodbye = Bye.\ngoodbye Bye.\n"), "xx.txt"));
        Assert.Equal("xx.txt, line 3: expected 'key = text'.", error.Message);
        Assert.Throws<FormatException>(() => SmsCallback.Application.Common.Localization.TextFile.Parse(new StringReader("goodbye = Bye.\ngoodbye = Ciao.\n"), "xx.txt"));
    }
}
