using System.Text;
using SmsCallback.Application.Sms;
using SmsCallback.Application.Sms.Parsing;
using SmsCallback.Application.UnitTests.Common;

namespace SmsCallback.Application.UnitTests.Sms.Parsing;

/// <summary>Cases that do not fit a line of the corpus: null, 10 000-character texts, replies quoting broken text.</summary>
public sealed class SmsCommandParserTests
{
    private const int Long = 10_000;

    [Fact]
    public void Null_is_an_empty_message()
    {
        var result = SmsCommandParser.Parse(null);

        Assert.Equal([ParseErrorCode.Empty], result.Errors.Select(e => e.Code));
        Assert.StartsWith("Empty message.", TestTexts.English.For(result.Errors));
    }

    [Fact]
    public void Ten_thousand_characters_of_white_space_are_an_empty_message()
    {
        var text = string.Concat(Enumerable.Repeat(" \t\r\n\u00A0", Long / 5));

        Assert.Equal([ParseErrorCode.Empty], SmsCommandParser.Parse(text).Errors.Select(e => e.Code));
    }

    [Fact]
    public void A_command_buried_in_ten_thousand_characters_of_white_space_is_found()
    {
        var padding = new string(' ', Long / 2);

        var result = SmsCommandParser.Parse(padding + "help" + "\n" + padding);

        Assert.Equal(SmsAction.Help, result.Command?.Action);
    }

    [Fact]
    public void A_ten_thousand_digit_destination_is_kept_as_typed_for_the_number_check_to_refuse()
    {
        var digits = new string('4', Long);

        var result = SmsCommandParser.Parse("D." + digits);

        Assert.Equal(digits, result.Command?.Destination);
    }

    [Fact]
    public void A_ten_thousand_character_word_is_quoted_short_in_the_reply()
    {
        var result = SmsCommandParser.Parse(new string('x', Long));

        var error = Assert.Single(result.Errors);
        Assert.Equal(ParseErrorCode.UnknownCommand, error.Code);
        Assert.Equal("xxxxxxxxxxx…", error.Token);
        Assert.True(TestTexts.English.For(result.Errors).Length <= 160);
    }

    [Fact]
    public void A_ten_thousand_digit_phonebook_position_is_invalid_and_quoted_short()
    {
        var result = SmsCommandParser.Parse("N" + new string('7', Long));

        var error = Assert.Single(result.Errors);
        Assert.Equal(ParseErrorCode.InvalidIndex, error.Code);
        Assert.Equal(12, error.Token!.Length);
    }

    [Fact]
    public void A_ten_thousand_character_phonebook_name_is_lower_cased_whole()
    {
        var result = SmsCommandParser.Parse("B." + new string('Q', Long));

        Assert.Equal(new string('q', Long), result.Command?.PhonebookName);
    }

    [Fact]
    public void Thousands_of_repeated_commands_give_at_most_three_errors()
    {
        var text = string.Concat(Enumerable.Repeat("D.1 ", Long / 4));

        var result = SmsCommandParser.Parse(text);

        Assert.Equal([ParseErrorCode.RepeatedCommand, ParseErrorCode.RepeatedCommand, ParseErrorCode.RepeatedCommand],
            result.Errors.Select(e => e.Code));
    }

    [Fact]
    public void A_long_run_of_emoji_is_quoted_without_cutting_a_character_in_half()
    {
        var text = string.Concat(Enumerable.Repeat("😀", Long / 2));

        var result = SmsCommandParser.Parse(text);

        var error = Assert.Single(result.Errors);
        Assert.Equal(ParseErrorCode.UnknownCommand, error.Code);
        Assert.True(IsWellFormed(error.Token!), $"lone surrogate in '{Escape(error.Token!)}'");
        Assert.True(IsWellFormed(TestTexts.English.For(result.Errors)));
    }

    [Theory]
    [InlineData("N.😀😀😀😀😀😀😀😀😀😀")]
    [InlineData("a😀😀😀😀😀😀😀😀😀😀")]
    [InlineData("ab😀😀😀😀😀😀😀😀😀😀")]
    public void Any_quoted_token_stays_well_formed(string text)
    {
        var result = SmsCommandParser.Parse(text);

        var error = Assert.Single(result.Errors);
        Assert.True(IsWellFormed(error.Token!), $"lone surrogate in '{Escape(error.Token!)}'");
    }

    [Fact]
    public void Unparseable_input_gives_no_command_and_parseable_input_gives_no_errors()
    {
        var bad = SmsCommandParser.Parse("D.1 R.2");
        var good = SmsCommandParser.Parse("R.2");

        Assert.False(bad.Success);
        Assert.Null(bad.Command);
        Assert.True(good.Success);
        Assert.Empty(good.Errors);
    }

    [Fact]
    public void Credentials_are_reported_only_when_both_login_and_password_are_given()
    {
        var command = SmsCommandParser.Parse("U.Jan P.Tajne D.1").Command!;

        Assert.True(command.HasCredentials);
        Assert.Equal("Jan", command.Login);
        Assert.Equal("Tajne", command.Password);
        Assert.False(SmsCommandParser.Parse("D.1").Command!.HasCredentials);
    }

    internal static bool IsWellFormed(string s) => Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s)) == s;

    internal static string Escape(string s) =>
        string.Concat(s.Select(c => c < ' ' || c > '~' ? $"\\u{(int)c:X4}" : c.ToString()));
}
