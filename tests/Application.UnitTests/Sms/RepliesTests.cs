using SmsCallback.Application.Sms;
using SmsCallback.Application.Sms.Parsing;
using SmsCallback.Application.UnitTests.Common;
using SmsCallback.Application.UnitTests.Sms.Parsing;

namespace SmsCallback.Application.UnitTests.Sms;

public sealed class RepliesTests
{
    [Fact]
    public void An_invalid_number_is_quoted_short_without_cutting_an_emoji_in_half()
    {
        var typed = string.Concat(Enumerable.Repeat("😀", 15));

        var reply = TestTexts.English.InvalidNumber("destination", typed);

        Assert.StartsWith("Invalid destination number 😀", reply);
        Assert.EndsWith("….", reply);
        Assert.True(SmsCommandParserTests.IsWellFormed(reply), SmsCommandParserTests.Escape(reply));
        Assert.True(reply.Length < 60);
    }

    [Fact]
    public void A_short_invalid_number_is_quoted_whole()
    {
        Assert.Equal("Invalid source number 12345.", TestTexts.English.InvalidNumber("source", "12345"));
    }

    [Fact]
    public void Every_parse_error_has_its_own_reply_that_fits_one_sms_even_with_another()
    {
        var longest = "ABCDEFGHIJK…"; // the parser quotes at most 12 characters
        var errors = Enum.GetValues<ParseErrorCode>().Select(c => new ParseError(c, longest)).ToList();

        var texts = errors.Select(e => TestTexts.English.For(e)).ToList();

        Assert.Equal(texts.Count, texts.Distinct().Count());
        Assert.DoesNotContain(TestTexts.English.Help, texts.Where((_, i) => errors[i].Code != ParseErrorCode.Empty));
        Assert.True(TestTexts.English.For(new ParseError(ParseErrorCode.Empty)).Length <= 160);
        var combinable = errors.Where(e => e.Code != ParseErrorCode.Empty).ToList(); // an empty text has no other error
        foreach (var a in combinable)
            foreach (var b in combinable)
                Assert.True(TestTexts.English.For([a, b]).Length <= 160, TestTexts.English.For([a, b]));
    }

    [Theory]
    [InlineData("D", "Missing destination number after D.")]
    [InlineData("O", "Missing source number after O.")]
    [InlineData("N", "Missing phonebook position after N, as in N2.")]
    public void A_missing_value_names_what_is_missing(string letter, string reply)
    {
        Assert.Equal(reply, TestTexts.English.For(new ParseError(ParseErrorCode.MissingValue, letter)));
    }

    [Fact]
    public void Only_the_first_two_errors_go_into_the_reply()
    {
        var reply = TestTexts.English.For([new(ParseErrorCode.UnknownCommand, "X"), new(ParseErrorCode.UnknownCommand, "Y"), new(ParseErrorCode.UnknownCommand, "Z")]);

        Assert.Equal("Unknown command X. Send HELP for the commands. Unknown command Y. Send HELP for the commands.", reply);
    }

    [Fact]
    public void Every_call_refusal_has_its_own_one_sms_reply()
    {
        var account = SmsCallback.Domain.Accounts.Account.Create("alice", "hash", SmsCallback.Domain.Accounts.AccountRole.Client, DateTimeOffset.UnixEpoch);
        account.Post(-1.234m, SmsCallback.Domain.Accounts.LedgerReason.CallCharge, null, DateTimeOffset.UnixEpoch);

        var replies = Enum.GetValues<SmsCallback.Application.Callbacks.Admission.RefusalReason>()
            .Select(r => TestTexts.English.For(new SmsCallback.Application.Callbacks.Admission.CallbackRefusal(r, account, SmsCallback.Domain.Callbacks.CallbackOrigin.Sms, "+48774417880"))).ToList();

        Assert.Equal(replies.Count, replies.Distinct().Count());
        Assert.All(replies, r => Assert.True(r.Length <= 160 && SmsCommandParserTests.IsWellFormed(r), r));
        Assert.Contains("Your balance is too low for this call: -1.23 EUR.", replies);
        Assert.Contains("Calls to +48774417880 are not allowed.", replies);
    }

    [Fact]
    public void When_calls_in_progress_hold_the_money_the_refusal_says_what_is_free_and_what_is_held()
    {
        var account = SmsCallback.Domain.Accounts.Account.Create("bob", "hash", SmsCallback.Domain.Accounts.AccountRole.Client, DateTimeOffset.UnixEpoch);
        account.Post(99.99m, SmsCallback.Domain.Accounts.LedgerReason.TopUp, null, DateTimeOffset.UnixEpoch);
        account.Reserve(97.59m);

        var reply = TestTexts.English.For(new SmsCallback.Application.Callbacks.Admission.CallbackRefusal(
            SmsCallback.Application.Callbacks.Admission.RefusalReason.InsufficientCredit, account, SmsCallback.Domain.Callbacks.CallbackOrigin.Sms));

        Assert.Equal("Your balance is too low for this call: 2.40 EUR is free; 97.59 EUR is held by calls in progress.", reply);
        Assert.True(reply.Length <= 160 && SmsCommandParserTests.IsWellFormed(reply), reply);
    }
}
