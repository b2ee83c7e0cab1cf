namespace SmsCallback.Application.Sms.Segments;

public enum SmsCoding { Gsm7, Ucs2 }

/// <summary>How a text travels: its coding, its length in the coding's units (septets or UTF-16 code units) and its number of parts.</summary>
public sealed record SmsSegmentation(SmsCoding Coding, int Units, int Segments);

/// <summary>GSM 03.38 versus UCS-2, chosen per message, and the number of parts known before sending: 160 septets or 70 UCS-2 units in one
/// SMS, 153 or 67 per part when concatenated (the 6-byte UDH takes the rest). An escape-table character (€, [, …) costs two septets and is
/// never split across parts; nor is a UTF-16 surrogate pair.</summary>
public static class SmsSegments
{
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
    private const string Extension = "\f^{}\\[~]|€";
    private static readonly HashSet<char> BasicSet = [.. Basic];
    private static readonly HashSet<char> ExtensionSet = [.. Extension];

    public const int Gsm7Single = 160, Gsm7Part = 153, Ucs2Single = 70, Ucs2Part = 67;

    public static bool IsGsm7(string text) => text.All(c => BasicSet.Contains(c) || ExtensionSet.Contains(c));

    public static SmsSegmentation Analyze(string text)
    {
        if (IsGsm7(text))
        {
            var costs = text.Select(c => ExtensionSet.Contains(c) ? 2 : 1).ToList();
            return new(SmsCoding.Gsm7, costs.Sum(), Count(costs, Gsm7Single, Gsm7Part));
        }
        var units = new List<int>();
        for (var i = 0; i < text.Length; i++)
        {
            var pair = char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            units.Add(pair ? 2 : 1);
            if (pair) i++;
        }
        return new(SmsCoding.Ucs2, units.Sum(), Count(units, Ucs2Single, Ucs2Part));
    }

    /// <summary>The text unchanged when it fits in <paramref name="maxSegments"/> parts; otherwise cut at the last word boundary that fits
    /// with an ellipsis: "…" when the text needs UCS-2 anyway, "..." when it is GSM-7 (the "…" character is not in GSM 03.38, and adding it
    /// would turn a 160-character message into a 70-character one).</summary>
    public static string Shorten(string text, int maxSegments)
    {
        if (maxSegments < 1) throw new ArgumentOutOfRangeException(nameof(maxSegments), "At least one part.");
        if (Analyze(text).Segments <= maxSegments) return text;

        for (var end = text.Length - 1; end > 0; end--)
        {
            if (!char.IsWhiteSpace(text[end]) || char.IsWhiteSpace(text[end - 1])) continue;
            if (Fits(text[..end].TrimEnd(), maxSegments) is { } shortened) return shortened;
        }
        for (var end = text.Length - 1; end > 0; end--) // one long word: cut inside it, never inside a surrogate pair
            if (!char.IsLowSurrogate(text[end]) && Fits(text[..end], maxSegments) is { } shortened) return shortened;
        return Ellipsis("");
    }

    private static string? Fits(string prefix, int maxSegments)
    {
        var candidate = prefix + Ellipsis(prefix);
        return Analyze(candidate).Segments <= maxSegments ? candidate : null;
    }

    private static string Ellipsis(string prefix) => IsGsm7(prefix) ? "..." : "…";

    private static int Count(List<int> costs, int single, int part)
    {
        var total = costs.Sum();
        if (total <= single) return 1;
        int segments = 1, used = 0;
        foreach (var cost in costs)
        {
            if (used + cost > part) { segments++; used = 0; }
            used += cost;
        }
        return segments;
    }
}
