using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SmsCallback.Application.Sms.Parsing;

namespace SmsCallback.Application.UnitTests.Sms.Parsing;

/// <summary>Reads <c>parser-corpus.txt</c>; its format is described at the top of that file.</summary>
internal static partial class ParserCorpus
{
    public const string ErrorPrefix = "ERR:";

    public static string FilePath => Path.Combine(AppContext.BaseDirectory, "Sms", "Parsing", "parser-corpus.txt");

    /// <summary>Each case with its line number; text and expectation still escaped, as written in the file.</summary>
    public static IEnumerable<(int Line, string Text, string Expected)> Cases()
    {
        var lineNumber = 0;
        foreach (var line in File.ReadLines(FilePath, Encoding.UTF8))
        {
            lineNumber++;
            if (line.Length == 0 || line.StartsWith('#')) continue;
            var tab = line.IndexOf('\t');
            if (tab < 0) throw new FormatException($"parser-corpus.txt line {lineNumber}: no TAB between text and expected.");
            yield return (lineNumber, line[..tab], line[(tab + 1)..]);
        }
    }

    public static string Unescape(string s)
    {
        var sb = new StringBuilder(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (s[i] != '\\' || i + 1 == s.Length) { sb.Append(s[i]); continue; }
            var c = s[++i];
            switch (c)
            {
                case 't': sb.Append('\t'); break;
                case 'n': sb.Append('\n'); break;
                case 'r': sb.Append('\r'); break;
                case 's': sb.Append(' '); break;
                case '\\': sb.Append('\\'); break;
                case 'u':
                    sb.Append((char)int.Parse(s.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                default: throw new FormatException($"Unknown escape \\{c} in '{s}'.");
            }
        }
        return sb.ToString();
    }

    /// <summary>The errors of an <c>ERR:</c> expectation: codes and, where given, tokens (null: not checked).</summary>
    public static IReadOnlyList<(ParseErrorCode Code, string? Token)> ParseErrors(string expected)
    {
        var list = new List<(ParseErrorCode, string?)>();
        foreach (Match m in ErrorItem().Matches(expected[ErrorPrefix.Length..]))
        {
            var code = Enum.Parse<ParseErrorCode>(m.Groups["code"].Value);
            list.Add((code, m.Groups["token"].Success ? Unescape(m.Groups["token"].Value) : null));
        }
        if (list.Count == 0) throw new FormatException($"No error codes in '{expected}'.");
        return list;
    }

    [GeneratedRegex(@"(?<code>[A-Za-z]+)(?:\((?<token>[^)]*)\))?")]
    private static partial Regex ErrorItem();
}
