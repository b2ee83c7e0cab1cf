using System.Globalization;
using SmsCallback.Application.Common.Localization;

namespace SmsCallback.Application.Sms.Texts;

/// <summary>
/// Every text the platform sends a customer, rendered in a language: the operator's template for the key when there is one, else the
/// language's file, else English (<see cref="ReplyCatalog"/>); then fitted to one SMS. Inject it wherever a reply is composed;
/// <see cref="In"/> gives the typed replies of <see cref="Replies"/>.
/// </summary>
public interface IReplyTexts
{
    /// <summary>The reply <paramref name="key"/> (a key of <c>Sms/Texts/en.txt</c>) with its placeholders filled in, within one SMS.</summary>
    string Render(string language, string key, params (string Name, string Value)[] values);

    /// <summary>An amount as the language writes it: "12.50" in English, "12,50" in Polish; never a thousands separator.</summary>
    string Money(string language, decimal amount);

    /// <summary>The languages replies can be sent in.</summary>
    IReadOnlyCollection<string> Languages { get; }

    /// <summary>The platform's default language (<see cref="LocalizationOptions.DefaultLanguage"/>).</summary>
    string DefaultLanguage { get; }

    bool Has(string? language);

    /// <summary>The typed replies in a language (the default for an unknown or empty one).</summary>
    Replies In(string? language);
}

/// <summary>The operator's reply templates (<c>ReplyTemplates</c>), as seen by every instance.</summary>
public interface IReplyTemplateOverrides
{
    /// <summary>The operator's text for a key in a language, or null for the default.</summary>
    string? Find(string language, string key);

    /// <summary>Forget what this instance read: a template changed.</summary>
    void Invalidate();
}

public sealed class ReplyTexts(ReplyCatalog catalog, IReplyTemplateOverrides overrides, string defaultLanguage) : IReplyTexts
{
    /// <summary>English and Polish as shipped, with no operator templates: for tests and tools.</summary>
    public static ReplyTexts Shipped { get; } = new(ReplyCatalog.Load(), NoTemplates, ReplyCatalog.Reference);

    /// <summary>No operator templates: every reply as its language file words it.</summary>
    public static IReplyTemplateOverrides NoTemplates => NoOverrides.Instance;

    public ReplyCatalog Catalog => catalog;

    public IReadOnlyCollection<string> Languages => catalog.Languages;

    public string DefaultLanguage => defaultLanguage;

    public bool Has(string? language) => !string.IsNullOrWhiteSpace(language) && catalog.Has(language);

    public Replies In(string? language) => new(this, Has(language) ? language!.ToLowerInvariant() : defaultLanguage);

    public string Render(string language, string key, params (string Name, string Value)[] values)
    {
        language = Has(language) ? language.ToLowerInvariant() : defaultLanguage;
        var template = overrides.Find(language, key) ?? catalog.Template(language, key);
        return ReplyCatalog.FitOneSms(Fill(template, values));
    }

    public string Money(string language, decimal amount) =>
        amount.ToString("0.00", new NumberFormatInfo { NumberDecimalSeparator = DecimalSeparator(language), NegativeSign = "-" });

    private static string Fill(string template, (string Name, string Value)[] values) =>
        values.Length == 0 ? template : ReplyCatalog.Render(template, values.ToDictionary(v => v.Name, v => v.Value, StringComparer.Ordinal));

    /// <summary>The language's own decimal separator (from its culture); a point for a code no culture knows.</summary>
    private static string DecimalSeparator(string language)
    {
        try
        {
            var separator = CultureInfo.GetCultureInfo(language).NumberFormat.NumberDecimalSeparator;
            return separator is "," or "." ? separator : ".";
        }
        catch (CultureNotFoundException)
        {
            return ".";
        }
    }

    private sealed class NoOverrides : IReplyTemplateOverrides
    {
        public static readonly NoOverrides Instance = new();

        public string? Find(string language, string key) => null;

        public void Invalidate() { }
    }
}
