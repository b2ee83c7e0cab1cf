using SmsCallback.Application.Common.Localization;

namespace SmsCallback.Application.Ivr.Speech;

/// <summary>
/// The IVR prompt texts of each language, from the files <c>Ivr/Prompts/&lt;language&gt;.txt</c> compiled into this assembly
/// (see <see cref="TextFile"/>). A language is available when its file is there: adding a language's prompts is adding one file.
/// <c>scripts/generate-prompts.sh</c> records the same files.
/// </summary>
public static class PromptCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>> All =
        new(() => TextFile.Embedded(typeof(PromptCatalog).Assembly, "prompts."));

    public static IReadOnlyCollection<string> Languages => [.. All.Value.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The prompt texts of a language by prompt name; empty when the language has no prompts.</summary>
    public static IReadOnlyDictionary<string, string> Texts(string language) =>
        All.Value.TryGetValue(language.ToLowerInvariant(), out var texts) ? texts : new Dictionary<string, string>();
}
