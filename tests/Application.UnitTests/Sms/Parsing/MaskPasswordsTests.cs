using SmsCallback.Application.Sms.Parsing;

namespace SmsCallback.Application.UnitTests.Sms.Parsing;

public sealed class MaskPasswordsTests
{
    [Theory]
    [InlineData("U.frank P.frankpass1 I.", "U.frank P.*** I.")]
    [InlineData("p.secret U.frank D.48774417880", "p.*** U.frank D.48774417880")]
    [InlineData("U.frank\nP.a\u200Bb I.", "U.frank\nP.***\u200Bb I.")] // a zero-width space separates, as the parser reads it
    [InlineData("U.frank P.x P.y I.", "U.frank P.*** P.*** I.")]
    [InlineData("HELP", "HELP")]
    [InlineData("P. D.1", "P. D.1")] // no value: nothing to hide
    [InlineData("Pfrank P", "Pfrank P")]
    [InlineData("", "")]
    public void Every_password_the_parser_would_read_is_replaced(string text, string masked) =>
        Assert.Equal(masked, SmsCommandParser.MaskPasswords(text));

    [Theory]
    [InlineData("U.frank P.frankpass1 I.")]
    [InlineData("  u.frank   p.Zażółć\tD.48774417880 ")]
    public void The_masked_text_parses_to_the_same_command_with_the_password_replaced(string text)
    {
        var original = SmsCommandParser.Parse(text).Command!;
        var masked = SmsCommandParser.Parse(SmsCommandParser.MaskPasswords(text)).Command!;
        Assert.Equal(original with { Password = "***" }, masked);
    }
}
