using System.Text;
using BenchmarkDotNet.Attributes;
using SmsCallback.Application.Sms.Parsing;

namespace SmsCallback.Benchmarks;

/// <summary><see cref="SmsCommandParser.Parse"/> against <c>string.Split</c> on white space of the same text (the baseline),
/// so each row's Ratio reads "this many whitespace splits".</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 8)]
public class ParserBenchmarks
{
    [ParamsSource(nameof(Messages))]
    public Message Sms { get; set; } = null!;

    public static IEnumerable<Message> Messages() =>
    [
        new("Callback", "D.48774417880"),
        new("LoginCallbackSource", "U.callback P.pass D.48774417880 O.12345678"),
        new("PhonebookIndex", "N2"),
        new("PhonebookName", "B.office"),
        new("ManyTokens10k", Repeat("U.callback P.pass D.48774417880 O.12345678 ", 10_000)),
        new("OneToken10k", "D." + new string('7', 9_998)),
        new("Whitespace10k", Repeat(" \t\r\n\u00A0\u2003\u3000", 9_987) + "D.48774417880"),
        new("MessyEmoji", "\u00A0\t U.callback\r\n\u2003P.pass  \U0001F600 D.48774417880\u3000O.12345678 \U0001F389\n\u200B"),
    ];

    [Benchmark(Baseline = true)]
    public string[] Split() => Sms.Text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    [Benchmark]
    public SmsParseResult Parse() => SmsCommandParser.Parse(Sms.Text);

    private static string Repeat(string unit, int length)
    {
        var sb = new StringBuilder(length + unit.Length);
        while (sb.Length < length) sb.Append(unit);
        return sb.ToString(0, length);
    }
}

/// <summary>A named message, so the summary shows the name rather than 10 000 characters.</summary>
public sealed record Message(string Name, string Text)
{
    public override string ToString() => Name;
}
