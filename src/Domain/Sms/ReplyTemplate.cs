using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Sms;

/// <summary>The operator's own wording of one reply in one language, used in place of the shipped text until deleted
/// (docs/languages.md). Its placeholders were checked against the reply's when it was saved.</summary>
public sealed class ReplyTemplate
{
    public const int MaxLanguageLength = 8, MaxKeyLength = 64, MaxTextLength = 640;

    private ReplyTemplate() { Language = ""; Key = ""; Text = ""; }

    public string Language { get; private set; }
    public string Key { get; private set; }
    public string Text { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    public static ReplyTemplate Create(string language, string key, string text, DateTimeOffset now)
    {
        if (language.Length is < 2 or > MaxLanguageLength || key.Length is < 1 or > MaxKeyLength)
            throw new DomainException("A reply template needs a language code and a reply key.");
        var template = new ReplyTemplate { Language = language, Key = key };
        template.Change(text, now);
        return template;
    }

    public void Change(string text, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
            throw new DomainException($"A reply template has 1 to {MaxTextLength} characters.");
        Text = text;
        UpdatedAt = now;
    }
}
