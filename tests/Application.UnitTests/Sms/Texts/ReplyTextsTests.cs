using SmsCallback.Application.Sms.Parsing;
using SmsCallback.Application.Sms.Texts;
using SmsCallback.Application.UnitTests.Common;

namespace SmsCallback.Application.UnitTests.Sms.Texts;

public sealed class ReplyTextsTests
{
    [Fact]
    public void Money_is_written_as_the_language_writes_it_without_a_thousands_separator()
    {
        Assert.Equal("Saldo: 1234,50 PLN.", TestTexts.Polish.Balance(1234.5m, "PLN"));
        Assert.Equal("Balance: 1234.50 PLN.", TestTexts.English.Balance(1234.5m, "PLN"));
        Assert.Equal("-0,05", TestTexts.Polish.Money(-0.049m));
    }

    [Fact]
    public void An_unknown_language_gets_the_default_and_a_missing_key_in_a_language_gets_English()
    {
        Assert.Equal(TestTexts.English.LoginFailed, TestTexts.Texts.In("qq").LoginFailed);
        Assert.Equal(TestTexts.English.LoginFailed, TestTexts.Texts.In(null).LoginFailed);
        Assert.Equal("Błędny login lub hasło.", TestTexts.Texts.In("PL").LoginFailed);
    }

    [Fact]
    public void An_operator_template_replaces_the_shipped_text_of_its_language_only()
    {
        var texts = new ReplyTexts(ReplyCatalog.Load(), new OneTemplate("pl", "Balance", "Stan konta: {balance} {currency}"), "pl");

        Assert.Equal("Stan konta: 2,40 EUR", texts.In("pl").Balance(2.4m, "EUR"));
        Assert.Equal("Balance: 2.40 EUR.", texts.In("en").Balance(2.4m, "EUR"));
        Assert.Equal("Stan konta: 2,40 EUR", texts.In("qq").Balance(2.4m, "EUR")); // the default language here is Polish
    }

    [Theory]
    [InlineData("L.pl", "pl")]
    [InlineData("l.EN", "en")]
    [InlineData("U.jan P.tajne L.pl", "pl")]
    public void L_sets_the_language(string text, string language)
    {
        var command = Assert.IsType<SmsCommand>(SmsCommandParser.Parse(text).Command);
        Assert.Equal((SmsAction.Language, language), (command.Action, command.Language));
        Assert.Equal(command, SmsCommandParser.Parse(command.Format()).Command);
    }

    [Theory]
    [InlineData("L.", "Missing language after L., as in L.en.")]
    [InlineData("L.pl O.48600316058", "O. is not used with this command.")]
    [InlineData("L.pl I.", "One command per SMS: D, R, I, B, N or L.")]
    public void A_wrong_L_is_explained(string text, string reply) =>
        Assert.Equal(reply, TestTexts.English.For(SmsCommandParser.Parse(text).Errors));

    private sealed class OneTemplate(string language, string key, string text) : IReplyTemplateOverrides
    {
        public string? Find(string l, string k) => l == language && k == key ? text : null;

        public void Invalidate() { }
    }
}
