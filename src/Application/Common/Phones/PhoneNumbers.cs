using PhoneNumbers;

namespace SmsCallback.Application.Common.Phones;

public sealed class SmsOptions
{
    public const string Section = "Sms";

    /// <summary>ISO 3166 region for numbers written without a country code (national form).</summary>
    public string DefaultRegion { get; set; } = "PL";

    /// <summary>Replies longer than this many SMS parts are shortened at a word boundary before sending.</summary>
    public int MaxReplySegments { get; set; } = 1;

    /// <summary>How long the parts of a long SMS wait for the missing ones before what arrived is received as one message.</summary>
    public TimeSpan ConcatTimeout { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>Reads the forms people type (<c>+48…</c>, <c>0048…</c>, <c>48…</c>, national) into E.164 with libphonenumber.</summary>
public sealed class PhoneNumberNormalizer(string defaultRegion)
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();
    private const int MaxInputLength = 32;

    public string DefaultRegion { get; } = defaultRegion.ToUpperInvariant();

    public bool TryNormalize(string? input, out string e164)
    {
        e164 = "";
        if (string.IsNullOrWhiteSpace(input) || input.Length > MaxInputLength) return false;
        var text = input.Trim();
        // Only what people write in numbers: digits, a leading '+', and the usual separators. libphonenumber alone would skip
        // leading letters ("D.48600316058") and read vanity letters as digits.
        if (text.Any(c => !char.IsAsciiDigit(c) && c is not ('+' or ' ' or '-' or '(' or ')' or '.'))) return false;
        if (text.StartsWith("00", StringComparison.Ordinal)) text = "+" + text[2..];

        if (text.StartsWith('+')) return TryParse(text, null, out e164);
        // A bare number: national for the default region first, then international without the '+' (as in "48774417880").
        return TryParse(text, DefaultRegion, out e164) || (IsDigits(text) && TryParse("+" + text, null, out e164));
    }

    private static bool TryParse(string text, string? region, out string e164)
    {
        e164 = "";
        try
        {
            var number = Util.Parse(text, region);
            if (!Util.IsValidNumber(number)) return false;
            e164 = Util.Format(number, PhoneNumberFormat.E164);
            return true;
        }
        catch (NumberParseException)
        {
            return false;
        }
    }

    private static bool IsDigits(string s)
    {
        foreach (var c in s) if (!char.IsAsciiDigit(c)) return false;
        return s.Length > 0;
    }
}
