using CsCheck;
using SmsCallback.Application.Sms.Parsing;

namespace SmsCallback.Application.UnitTests.Sms.Parsing;

public sealed class SmsCommandParserProperties
{
    /// <summary>Characters people and carriers actually send us, weighted towards the ones the parser cares about.</summary>
    private static readonly Gen<char> AnyChar = Gen.Frequency(
        (4, Gen.Char["DUPORIBHNXduporibhnx.0123456789+ "]),
        (2, Gen.Char),                                  // any UTF-16 code unit, lone surrogates included
        (1, Gen.Char['\0', '\u001F']),                  // control characters
        (1, Gen.Char[" \t\r\n\u00A0\u0085\u2028\u2003\u200B\uFEFF"]),
        (1, Gen.Char['\uD800', '\uDFFF']));             // surrogate halves, paired or not

    private static readonly Gen<string> AnyText = Gen.Frequency(
        (10, AnyChar.Array[0, 60].Select(a => new string(a))),
        (3, Gen.String),
        (1, AnyChar.Array[1_000, 12_000].Select(a => new string(a))));

    /// <summary>A value as a customer could type it: non-empty, no white space, no control characters.</summary>
    private static readonly Gen<string> Value = Gen.Frequency(
            (3, Gen.Char["abcXYZ0123456789+.-_#*"]),
            (1, Gen.Char))
        .Where(c => !char.IsWhiteSpace(c) && !char.IsControl(c))
        .Array[1, 20].Select(a => new string(a));

    private static readonly Gen<SmsCommand> ValidCommand =
        from action in Gen.Enum<SmsAction>()
        from loggedIn in Gen.Bool
        from login in Value
        from password in Value
        from withSource in Gen.Bool
        from source in Value
        from value in Value
        from index in Gen.Int[1, 9999]
        from code in Gen.Int[0, 999_999]
        select new SmsCommand(
            action,
            Login: loggedIn && action != SmsAction.ConfirmPhone ? login : null,
            Password: loggedIn && action != SmsAction.ConfirmPhone ? password : null,
            Destination: action == SmsAction.Callback ? value : null,
            Source: withSource && action is not (SmsAction.Register or SmsAction.Help or SmsAction.ConfirmPhone or SmsAction.Language) ? source : null,
            RegisterNumber: action == SmsAction.Register ? value : null,
            PhonebookName: action == SmsAction.PhonebookName ? value.ToLowerInvariant() : null,
            PhonebookIndex: action == SmsAction.PhonebookIndex ? index : null,
            Code: action == SmsAction.ConfirmPhone ? code.ToString("D6", System.Globalization.CultureInfo.InvariantCulture) : null,
            Language: action == SmsAction.Language ? value.ToLowerInvariant() : null);

    [Fact]
    public void Parsing_never_throws_and_always_gives_a_command_or_at_most_three_short_errors()
    {
        AnyText.Sample(text =>
        {
            var result = SmsCommandParser.Parse(text);

            Assert.NotNull(result);
            Assert.Equal(result.Command is null, result.Errors.Count > 0);
            Assert.InRange(result.Errors.Count, 0, 3);
            Assert.All(result.Errors, e => Assert.True(e.Token is null || e.Token.Length <= 12, e.Token));
        }, iter: 20_000, print: SmsCommandParserTests.Escape);
    }

    [Fact]
    public void Whatever_parses_formats_to_a_text_that_parses_to_the_same_command()
    {
        AnyText.Sample(text =>
        {
            if (SmsCommandParser.Parse(text).Command is not { } command) return;

            Assert.Equal(command, SmsCommandParser.Parse(command.Format()).Command);
        }, iter: 20_000, print: SmsCommandParserTests.Escape);
    }

    [Fact]
    public void Every_valid_command_survives_formatting_and_parsing()
    {
        ValidCommand.Sample(command =>
        {
            var parsed = SmsCommandParser.Parse(command.Format());

            Assert.Empty(parsed.Errors);
            Assert.Equal(command, parsed.Command);
        }, iter: 20_000, print: c => SmsCommandParserTests.Escape(c.Format()));
    }

    [Fact]
    public void Letters_are_case_insensitive_and_order_does_not_matter()
    {
        ValidCommand.Sample(command =>
        {
            var tokens = command.Format().Split(' ');
            var shuffled = tokens.Reverse().Select(t => char.IsAsciiLetterUpper(t[0]) ? char.ToLowerInvariant(t[0]) + t[1..] : t);

            Assert.Equal(command, SmsCommandParser.Parse(string.Join("\r\n\t ", shuffled)).Command);
        }, iter: 5_000, print: c => SmsCommandParserTests.Escape(c.Format()));
    }
}
