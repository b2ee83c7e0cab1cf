namespace SmsCallback.Application.Common.Localization;

/// <summary>Languages of replies and prompts (docs/languages.md).</summary>
public sealed class LocalizationOptions
{
    public const string Section = "Localization";

    /// <summary>The language of an account nobody chose one for, and of replies to unknown senders of an access number without one.</summary>
    public string DefaultLanguage { get; set; } = "en";

    /// <summary>A folder of extra <c>&lt;language&gt;.txt</c> reply files read at start-up: a file there adds a language (or replaces a
    /// shipped one's texts). None: only the shipped languages.</summary>
    public string? Folder { get; set; }

    /// <summary>How long an instance keeps the operator's reply templates before reading them again (a change made through this instance
    /// is seen at once; one made through another instance within this time).</summary>
    public TimeSpan TemplateCacheTime { get; set; } = TimeSpan.FromSeconds(30);
}
