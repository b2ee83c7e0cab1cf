using System.Globalization;

namespace SmsCallback.Application.Ivr.Speech;

/// <summary>
/// How one language speaks what the IVR reads out: a money amount, a number of minutes, a phone number. The answer is a list of
/// prompt names (<c>digits/7</c>, <c>currency/eur-few</c>, …) played one after the other; every name a language can produce is in
/// <see cref="PromptNames"/>, and the language's prompt list (<c>prompts/&lt;language&gt;.txt</c>) records a text for each, so the
/// generated recordings always cover what is said. The platform composes numbers itself instead of asking the switch to
/// (<c>number:50.00</c> on Asterisk says "fifty" and knows no currency), so each language's grammar is written here, once.
/// </summary>
public abstract class SpeechRules
{
    /// <summary>The currencies whose names are recorded; an amount in another currency is read without its name.</summary>
    public static readonly IReadOnlyList<string> Currencies = ["EUR", "PLN", "USD", "GBP"];

    public abstract string Language { get; }

    /// <summary>The plural forms the language's prompts come in, in CLDR's names (<c>one</c>, <c>few</c>, <c>many</c>, <c>other</c>).</summary>
    protected abstract IReadOnlyList<string> PluralForms { get; }

    /// <summary>Every prompt name these rules can produce.</summary>
    public virtual IEnumerable<string> PromptNames =>
        NumberPromptNames
            .Concat(Currencies.SelectMany(c => PluralForms.SelectMany(f => new[] { Currency(c, f), SubUnit(c, f) })))
            .Concat(PluralForms.Select(Minute))
            .Append(Minus);

    protected abstract IEnumerable<string> NumberPromptNames { get; }

    /// <summary>The rules for a language; a language without its own rules reads numbers digit by digit.</summary>
    public static SpeechRules For(string language) => language.ToLowerInvariant() switch
    {
        "en" => English.Instance,
        "pl" => Polish.Instance,
        _ => new DigitByDigit(language),
    };

    /// <summary>A phone number or a code, one digit at a time (any other character is skipped).</summary>
    public IReadOnlyList<string> Digits(string digits) => [.. digits.Where(char.IsAsciiDigit).Select(d => Digit(d - '0'))];

    /// <summary>A balance or a price: the whole units with the currency's name, then the hundredths with the sub-unit's name.</summary>
    public IReadOnlyList<string> Amount(decimal amount, string currency)
    {
        var code = currency.ToUpperInvariant();
        var known = PluralForms.Count > 0 && Currencies.Contains(code); // a language with no plural forms records no currency names
        var cents = (long)Math.Round(Math.Abs(amount) * 100m, MidpointRounding.AwayFromZero);
        var (units, hundredths) = (cents / 100, cents % 100);
        var said = new List<string>();
        if (amount < 0 && cents > 0) said.Add(Minus);
        if (units > 0 || hundredths == 0)
        {
            said.AddRange(Count(units, Gender.Masculine));
            if (known) said.Add(Currency(code, PluralOf(units)));
        }
        if (hundredths > 0)
        {
            said.AddRange(Count(hundredths, Gender.Masculine));
            if (known) said.Add(SubUnit(code, PluralOf(hundredths)));
        }
        return said;
    }

    /// <summary>A length of time in whole minutes, as the object of "you may talk for".</summary>
    public virtual IReadOnlyList<string> Minutes(int minutes) => [.. Count(minutes, Gender.Feminine), Minute(PluralOf(minutes))];

    /// <summary>A whole number, said as words (as far as the language's rules go).</summary>
    public IReadOnlyList<string> Number(long number) => [.. number < 0 ? [Minus] : Array.Empty<string>(), .. Count(Math.Abs(number), Gender.Masculine)];

    protected enum Gender { Masculine, Feminine }

    protected abstract IEnumerable<string> Count(long number, Gender gender);

    protected abstract string PluralOf(long number);

    protected const string Minus = "digits/minus";

    protected static string Digit(long n) => "digits/" + n.ToString(CultureInfo.InvariantCulture);

    protected static string Currency(string code, string form) => $"currency/{code.ToLowerInvariant()}-{form}";

    protected static string SubUnit(string code, string form) => $"currency/{code.ToLowerInvariant()}-sub-{form}";

    protected static string Minute(string form) => "time/minute-" + form;

    /// <summary>English: "one hundred twenty three euros forty cents", "one minute", "five minutes".</summary>
    private sealed class English : SpeechRules
    {
        public static readonly English Instance = new();

        public override string Language => "en";

        protected override IReadOnlyList<string> PluralForms { get; } = ["one", "other"];

        protected override IEnumerable<string> NumberPromptNames =>
            Enumerable.Range(0, 20).Select(n => Digit(n)).Concat(Enumerable.Range(2, 8).Select(t => Digit(t * 10)))
                .Concat(["digits/hundred", "digits/thousand", "digits/million"]);

        protected override string PluralOf(long number) => number == 1 ? "one" : "other";

        protected override IEnumerable<string> Count(long number, Gender gender)
        {
            if (number >= 1_000_000_000) return number.ToString(CultureInfo.InvariantCulture).Select(d => Digit(d - '0'));
            if (number == 0) return [Digit(0)];
            var said = new List<string>();
            foreach (var (scale, name) in new[] { (1_000_000L, "digits/million"), (1_000L, "digits/thousand") })
            {
                if (number < scale) continue;
                said.AddRange(BelowThousand(number / scale));
                said.Add(name);
                number %= scale;
            }
            said.AddRange(BelowThousand(number));
            return said;
        }

        private static IEnumerable<string> BelowThousand(long n)
        {
            if (n >= 100) { yield return Digit(n / 100); yield return "digits/hundred"; n %= 100; }
            if (n >= 20) { yield return Digit(n / 10 * 10); n %= 10; if (n > 0) yield return Digit(n); }
            else if (n > 0) yield return Digit(n);
        }
    }

    /// <summary>
    /// Polish. Nouns after a number take one of three forms: one (1: "złoty", "minutę"), few (2–4, 22–24, … but not 12–14:
    /// "złote", "minuty") and many (0, 5–21, 25–31, …, 12–14: "złotych", "minut"); "thousand" and "million" follow the same rule
    /// ("tysiąc", "tysiące", "tysięcy"). Hundreds have their own words ("dwieście", "pięćset"). Two is "dwa" before a masculine
    /// or neuter noun and "dwie" before a feminine one ("dwie minuty", "dwadzieścia dwie minuty"). One minute is said without the
    /// number, as Poles say it: "przez minutę".
    /// </summary>
    private sealed class Polish : SpeechRules
    {
        public static readonly Polish Instance = new();

        public override string Language => "pl";

        protected override IReadOnlyList<string> PluralForms { get; } = ["one", "few", "many"];

        protected override IEnumerable<string> NumberPromptNames =>
            Enumerable.Range(0, 20).Select(n => Digit(n)).Concat(Enumerable.Range(2, 8).Select(t => Digit(t * 10)))
                .Concat(Enumerable.Range(1, 9).Select(h => Digit(h * 100)))
                .Concat(["digits/2-f"])
                .Concat(PluralForms.SelectMany(f => new[] { "digits/thousand-" + f, "digits/million-" + f }));

        protected override string PluralOf(long number) =>
            number == 1 ? "one" : number % 10 is >= 2 and <= 4 && number % 100 is < 12 or > 14 ? "few" : "many";

        public override IReadOnlyList<string> Minutes(int minutes) => minutes == 1 ? [Minute("one")] : base.Minutes(minutes);

        protected override IEnumerable<string> Count(long number, Gender gender)
        {
            if (number >= 1_000_000_000) return number.ToString(CultureInfo.InvariantCulture).Select(d => Digit(d - '0'));
            if (number == 0) return [Digit(0)];
            var said = new List<string>();
            foreach (var (scale, name) in new[] { (1_000_000L, "million"), (1_000L, "thousand") })
            {
                var count = number / scale;
                if (count == 0) continue;
                if (count > 1) said.AddRange(BelowThousand(count, Gender.Masculine)); // "tysiąc", not "jeden tysiąc"
                said.Add($"digits/{name}-{PluralOf(count)}");
                number %= scale;
            }
            said.AddRange(BelowThousand(number, gender));
            return said;
        }

        private static IEnumerable<string> BelowThousand(long n, Gender gender)
        {
            if (n >= 100) { yield return Digit(n / 100 * 100); n %= 100; }
            if (n >= 20) { yield return Digit(n / 10 * 10); n %= 10; }
            if (n == 2 && gender == Gender.Feminine) yield return "digits/2-f";
            else if (n > 0) yield return Digit(n);
        }
    }

    /// <summary>A language without rules of its own: numbers digit by digit, and no currency or unit names.</summary>
    private sealed class DigitByDigit(string language) : SpeechRules
    {
        public override string Language => language;

        protected override IReadOnlyList<string> PluralForms => [];

        public override IEnumerable<string> PromptNames => Enumerable.Range(0, 10).Select(n => Digit(n)).Append(Minus);

        protected override IEnumerable<string> NumberPromptNames => [];

        protected override string PluralOf(long number) => "";

        public override IReadOnlyList<string> Minutes(int minutes) => [.. Count(minutes, Gender.Feminine)];

        protected override IEnumerable<string> Count(long number, Gender gender) =>
            number.ToString(CultureInfo.InvariantCulture).Select(d => Digit(d - '0'));
    }
}
