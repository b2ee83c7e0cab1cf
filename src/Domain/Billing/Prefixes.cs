namespace SmsCallback.Domain.Billing;

/// <summary>Destination prefixes: the leading digits of an E.164 number, without '+'.</summary>
public static class Prefixes
{
    public const int MaxLength = 15;

    public static bool IsValid(string? prefix) => prefix is { Length: >= 1 and <= MaxLength } && prefix.All(char.IsAsciiDigit);

    /// <summary>The number's digits without a leading '+'.</summary>
    public static string Digits(string e164) => e164.StartsWith('+') ? e164[1..] : e164;

    public static bool Matches(string e164, string prefix) => Digits(e164).StartsWith(prefix, StringComparison.Ordinal);
}
