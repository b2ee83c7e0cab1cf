using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SmsCallback.Application.Common.Localization;
using SmsCallback.Application.Sms.Segments;

namespace SmsCallback.Application.Sms.Texts;

/// <summary>
/// Every reply text in every language: the files <c>Sms/Texts/&lt;language&gt;.txt</c> compiled into this assembly, plus any
/// language file an operator adds at run time (see <see cref="Load"/>). English is the reference: it names every key and the
/// placeholders (<c>{balance}</c>, <c>{number}</c>, …) each key takes; another language uses the same ones and falls back to English
/// for a key it lacks.
/// </summary>
public sealed partial class ReplyCatalog
{
    public const string Reference = "en";
    private readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> _languages;

    private ReplyCatalog(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> languages) => _languages = languages;

    /// <summary>The shipped languages, then the <c>&lt;language&gt;.txt</c> files of <paramref name="extraFolder"/> (a language there
    /// replaces or adds to the shipped one). Files that break the rules are refused with the reason, at start-up.</summary>
    public static ReplyCatalog Load(string? extraFolder = null)
    {
        var languages = new Dictionary<string, IReadOnlyDictionary<string, string>>(
            TextFile.Embedded(typeof(ReplyCatalog).Assembly, "replies."), StringComparer.Ordinal);
        if (extraFolder is not null && Directory.Exists(extraFolder))
        {
            foreach (var file in Directory.EnumerateFiles(extraFolder, "*.txt"))
            {
                using var reader = File.OpenText(file);
                languages[Path.GetFileNameWithoutExtension(file).ToLowerInvariant()] = TextFile.Parse(reader, file);
            }
        }
        var catalog = new ReplyCatalog(languages);
        var errors = languages.Where(l => l.Key != Reference).SelectMany(l => l.Value.SelectMany(t =>
            catalog.Validate(t.Key, t.Value).Select(e => $"{l.Key}.txt, {t.Key}: {e}"))).ToList();
        if (errors.Count > 0) throw new FormatException(string.Join(Environment.NewLine, errors));
        return catalog;
    }

    public IReadOnlyCollection<string> Languages => [.. _languages.Keys.Order(StringComparer.Ordinal)];

    public bool Has(string language) => _languages.ContainsKey(language.ToLowerInvariant());

    public IReadOnlyCollection<string> Keys => [.. _languages[Reference].Keys];

    /// <summary>The placeholders a key takes, as the reference language writes them.</summary>
    public IReadOnlySet<string> PlaceholdersOf(string key) =>
        _languages[Reference].TryGetValue(key, out var text) ? PlaceholdersIn(text) : throw new KeyNotFoundException($"No reply {key}.");

    /// <summary>The language's text for a key, or English's when the language lacks it.</summary>
    public string Template(string language, string key) =>
        _languages.TryGetValue(language.ToLowerInvariant(), out var texts) && texts.TryGetValue(key, out var text)
            ? text
            : _languages[Reference].TryGetValue(key, out var english) ? english : throw new KeyNotFoundException($"No reply {key}.");

    /// <summary>Why a text cannot stand for a key: an unknown key, a placeholder the key does not take or one it needs and misses, or
    /// a brace that opens no placeholder. Empty when the text is fine.</summary>
    public IReadOnlyList<string> Validate(string key, string text)
    {
        if (!_languages[Reference].ContainsKey(key)) return [$"there is no reply {key}."];
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) errors.Add("the text is empty.");
        var expected = PlaceholdersOf(key);
        var used = PlaceholdersIn(text);
        errors.AddRange(used.Except(expected).Order(StringComparer.Ordinal).Select(p => $"{{{p}}} is not a value of this reply (it takes {Describe(expected)})."));
        errors.AddRange(expected.Except(used).Order(StringComparer.Ordinal).Select(p => $"{{{p}}} is missing."));
        if (Placeholder().Replace(text, "").IndexOfAny(['{', '}']) >= 0) errors.Add("a brace is not part of a {placeholder}.");
        return errors;
    }

    /// <summary>The text with its placeholders filled in.</summary>
    public static string Render(string template, IReadOnlyDictionary<string, string> values) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var value) ? value : m.Value);

    /// <summary>
    /// A reply as it travels: unchanged when it fits one SMS; else, when it needs UCS-2 (70 characters) only for its accented letters,
    /// with them written plainly ("ł" as "l", "ą" as "a") if that fits one GSM-7 SMS (160): Polish customers read SMS without
    /// diacritics every day, and two parts cost twice. Otherwise cut to one SMS.
    /// </summary>
    public static string FitOneSms(string text)
    {
        if (SmsSegments.Analyze(text).Segments <= 1) return text;
        var plain = WithoutDiacritics(text);
        return SmsSegments.IsGsm7(plain) && SmsSegments.Analyze(plain).Segments <= 1 ? plain : SmsSegments.Shorten(text, 1);
    }

    /// <summary>Letters with accents written without them where GSM 03.38 lacks them (it keeps é, è, ä, ö, ü, ñ, à, ì, ò, ù, Ç…).</summary>
    public static string WithoutDiacritics(string text)
    {
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (SmsSegments.IsGsm7(c.ToString())) { result.Append(c); continue; }
            var bare = c switch
            {
                'ł' => "l",
                'Ł' => "L",
                _ => new string([.. c.ToString().Normalize(NormalizationForm.FormD)
                    .Where(d => CharUnicodeInfo.GetUnicodeCategory(d) != UnicodeCategory.NonSpacingMark)]),
            };
            result.Append(bare);
        }
        return result.ToString();
    }

    private static HashSet<string> PlaceholdersIn(string text) => [.. Placeholder().Matches(text).Select(m => m.Groups[1].Value)];

    private static string Describe(IReadOnlySet<string> placeholders) =>
        placeholders.Count == 0 ? "none" : string.Join(", ", placeholders.Order(StringComparer.Ordinal).Select(p => $"{{{p}}}"));

    [GeneratedRegex(@"\{([a-z]+)\}")]
    private static partial Regex Placeholder();
}
