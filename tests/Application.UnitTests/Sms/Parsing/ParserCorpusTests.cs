using SmsCallback.Application.Sms;
using SmsCallback.Application.Sms.Parsing;
using SmsCallback.Application.UnitTests.Common;

namespace SmsCallback.Application.UnitTests.Sms.Parsing;

public sealed class ParserCorpusTests
{
    public static TheoryData<int, string, string> Corpus()
    {
        var data = new TheoryData<int, string, string>();
        foreach (var (line, text, expected) in ParserCorpus.Cases()) data.Add(line, text, expected);
        return data;
    }

    [Theory]
    [MemberData(nameof(Corpus))]
    public void Each_corpus_text_parses_as_expected(int line, string text, string expected)
    {
        var result = SmsCommandParser.Parse(ParserCorpus.Unescape(text));

        if (expected.StartsWith(ParserCorpus.ErrorPrefix, StringComparison.Ordinal))
        {
            var want = ParserCorpus.ParseErrors(expected);
            Assert.False(result.Success, $"line {line}: expected errors, got '{result.Command?.Format()}'");
            Assert.Null(result.Command);
            Assert.Equal(want.Select(e => e.Code), result.Errors.Select(e => e.Code));
            for (var i = 0; i < want.Count; i++)
                if (want[i].Token is { } token) Assert.Equal(token, result.Errors[i].Token);
            var reply = TestTexts.English.For(result.Errors);
            Assert.False(string.IsNullOrWhiteSpace(reply));
            Assert.True(reply.Length <= 160, $"line {line}: the reply does not fit one SMS: {reply}");
        }
        else
        {
            Assert.True(result.Success, $"line {line}: {string.Join(", ", result.Errors)}");
            Assert.Empty(result.Errors);
            Assert.Equal(ParserCorpus.Unescape(expected), result.Command!.Format());
        }
    }

    [Fact]
    public void The_corpus_is_large_and_covers_every_action_and_every_error()
    {
        var cases = ParserCorpus.Cases().ToList();
        var results = cases.Select(c => SmsCommandParser.Parse(ParserCorpus.Unescape(c.Text))).ToList();

        Assert.True(cases.Count >= 90, $"only {cases.Count} cases");
        Assert.Equal(cases.Count, cases.Select(c => c.Text).Distinct().Count());
        Assert.Equal(Enum.GetValues<SmsAction>().Order(),
            results.Where(r => r.Success).Select(r => r.Command!.Action).Distinct().Order());
        Assert.Equal(Enum.GetValues<ParseErrorCode>().Order(),
            results.SelectMany(r => r.Errors).Select(e => e.Code).Distinct().Order());
    }
}
