using System.Reflection;

namespace SmsCallback.Application.Common.Localization;

/// <summary>
/// The product's text files: one per language, "key = text" per line, <c>#</c> starts a comment. Reply texts
/// (<c>Sms/Texts/&lt;language&gt;.txt</c>) and IVR prompt texts (<c>Ivr/Prompts/&lt;language&gt;.txt</c>) are compiled into this
/// assembly; a language is there when its file is.
/// </summary>
public static class TextFile
{
    /// <summary>Reads one file; a line that is not "key = text", or a key given twice, is an error naming its line.</summary>
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
                throw new FormatException($"{source}, line {number}: expected 'key = text'.");
            if (!texts.TryAdd(line[..separator], line[(separator + 3)..]))
                throw new FormatException($"{source}, line {number}: {line[..separator]} appears twice.");
        }
        return texts;
    }

    /// <summary>The files compiled into an assembly under <c>&lt;prefix&gt;&lt;language&gt;.txt</c>, by language.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Embedded(Assembly assembly, string prefix)
    {
        var languages = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal) && n.EndsWith(".txt", StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            languages[name[prefix.Length..^".txt".Length]] = Parse(reader, name);
        }
        return languages;
    }
}
