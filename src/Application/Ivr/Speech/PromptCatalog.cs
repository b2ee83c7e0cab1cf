namespace SmsCallback.Application.Ivr.Speech;

/// <summary>
/// The IVR prompt texts of each language, from the files <c>Ivr/Prompts/&lt;language&gt;.txt</c> compiled into this assembly
/// ("name = text" per line, <c>#</c> for comments). A language is available when its file is there: adding a language's prompts
/// is adding one file. <c>scripts/generate-prompts.sh</c> records the same files.
/// </summary>
public static class PromptCatalog
{
    private const string Prefix = "prompts.";
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> All = new(Load);

    public static IReadOnlyCollection<string> Languages => [.. All.Value.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The prompt texts of a language by prompt name; empty when the language has no prompts.</summary>
    public static IReadOnlyDictionary<string, string> Texts(string language) =>
        All.Value.TryGetValue(language.ToLowerInvariant(), out var texts) ? texts : new Dictionary<string, string>();

    /// <summary>Reads one prompt file; a line that is not "name = text" is an error naming its line.</summary>
    public static IReadOnlyDictionary<string, string> Parse(TextReader reader, string source)
    {
        var texts = new Dictionary<string, string>(StringComparer.Ordinal);
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var separator = line.IndexOf(" = ", StringComparison.Ordinal);
            if (separator <= 0 || separator + 3 >= line.Length)
                throw new FormatException($"{source}, line {number}: expected 'name = text'.");
            if (!texts.TryAdd(line[..separator], line[(separator + 3)..]))
                throw new FormatException($"{source}, line {number}: prompt {line[..separator]} appears twice.");
        }
        return texts;
    }

    private static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Load()
    {
        var assembly = typeof(PromptCatalog).Assembly;
        var languages = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            languages[name[Prefix.Length..^".txt".Length]] = Parse(reader, name);
        }
        return languages;
    }
}
