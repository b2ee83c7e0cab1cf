using System.Globalization;

namespace SmsCallback.Infrastructure.Csv;

/// <summary>OWASP's defence against CSV injection for every export: a text cell that a spreadsheet would read as a formula (it starts with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, a tab or a carriage return) gets a leading single quote, which spreadsheets show as "text".
/// Two exceptions keep exports readable and reversible (ADR "CSV formula escaping"):
/// <list type="bullet">
/// <item>a plain number (optional sign, digits, optional decimal part: <c>-0.05</c>, <c>+48600316058</c>) is never a formula and is left as is;</item>
/// <item>a cell that already starts with a quote gets one more, so <see cref="Unescape"/> (drop exactly one leading quote) is the exact inverse.</item>
/// </list></summary>
public static class CsvCell
{
    private const char Quote = '\'';

    public static string? Escape(string? value) =>
        string.IsNullOrEmpty(value) || !NeedsQuote(value) ? value : Quote + value;

    /// <summary>What an import does with a cell: one leading single quote is the escape and is removed (to start a value with a quote in a
    /// hand-written file, write two). Plain cells are returned unchanged.</summary>
    public static string Unescape(string value) => value.Length > 0 && value[0] == Quote ? value[1..] : value;

    private static bool NeedsQuote(string value) => value[0] switch
    {
        Quote => true,
        '=' or '@' or '\t' or '\r' => true,
        '+' or '-' => !IsPlainNumber(value),
        _ => false,
    };

    private static bool IsPlainNumber(string value) =>
        value.Length > 1 && char.IsAsciiDigit(value[1])
        && decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out _);
}
