namespace SmsCallback.Application.Ivr.Speech;

/// <summary>Which language the IVR speaks to a caller (ADR 0041): the account's language, else the IVR settings' language, else English;
/// the first of these that has prompts (<see cref="PromptCatalog"/>), so a language with replies but no recordings is never asked of
/// the switch.</summary>
public static class PromptLanguage
{
    public const string Fallback = "en";

    /// <summary>The folder the recordings live in under each language's sounds: <c>&lt;sounds&gt;/&lt;language&gt;/smscallback/</c>.</summary>
    public const string SoundFolder = "smscallback";

    public static string Resolve(string? accountLanguage, string? settingsLanguage)
    {
        var available = PromptCatalog.Languages;
        foreach (var candidate in new[] { accountLanguage, settingsLanguage })
        {
            var language = candidate?.Trim().ToLowerInvariant();
            if (!string.IsNullOrEmpty(language) && available.Contains(language)) return language;
        }
        return Fallback;
    }

    /// <summary>The media of a named prompt, as every adapter receives it: <c>sound:smscallback/&lt;name&gt;</c>.</summary>
    public static string Sound(string name) => $"sound:{SoundFolder}/{name}";
}
