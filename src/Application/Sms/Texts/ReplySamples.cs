using SmsCallback.Application.Sms.Segments;

namespace SmsCallback.Application.Sms.Texts;

/// <summary>A reply as the operator will see it sent: filled in with long but real values (a 20-character quote is the longest the
/// platform echoes), measured in SMS, and a warning when it no longer fits one.</summary>
public sealed record ReplySample(string Text, string Coding, int Characters, int Segments, string? Warning)
{
    /// <summary>The longest values each placeholder takes in practice.</summary>
    public static IReadOnlyDictionary<string, string> Values { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["number"] = "+48123456789012", ["source"] = "+48123456789012", ["destination"] = "+48123456789012",
        ["typed"] = "12345678901234567890", ["name"] = "abcdefghijabcdefghij", ["token"] = "N123456",
        ["balance"] = "-12345.67", ["free"] = "12345.67", ["held"] = "12345.67", ["currency"] = "EUR",
        ["count"] = "10", ["index"] = "200", ["max"] = "10", ["code"] = "123456", ["minutes"] = "10", ["languages"] = "en, pl",
    };

    public static ReplySample Of(string template)
    {
        var text = ReplyCatalog.Render(template, Values);
        var measured = SmsSegments.Analyze(text);
        string? warning = null;
        if (measured.Segments > 1)
        {
            var limit = measured.Coding == SmsCoding.Gsm7 ? SmsSegments.Gsm7Single : SmsSegments.Ucs2Single;
            var sent = ReplyCatalog.FitOneSms(text);
            warning = $"With long values this reply is {measured.Units} characters in {measured.Coding} ({measured.Segments} SMS): more than one SMS " +
                $"({limit} characters). " + (SmsSegments.IsGsm7(sent) && sent.Length == text.Length
                    ? "It will be sent without its accented letters."
                    : $"It will be cut to one SMS: \"{sent}\"");
        }
        return new ReplySample(text, measured.Coding.ToString(), measured.Units, measured.Segments, warning);
    }
}
