using NSubstitute;
using SmsCallback.Application.Sms.Parsing;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.UnitTests.Sms.ProcessInboundSms;

/// <summary>An SMS stored with its password masked is processed with the real one; the ceilings on replies to unknown senders.</summary>
public sealed class MaskedPasswordAndCeilingTests
{
    private const string Stranger = "+48511222333";
    private readonly InboundSmsHarness _h = new();

    private InboundSms MaskedSms(string text)
    {
        var sms = InboundSms.Receive("twilio", "SM-masked", Stranger, InboundSmsHarness.AccessNumber, SmsCommandParser.MaskPasswords(text),
            _h.Now, _h.Now, protectedText: "sealed:" + text);
        _h.Inbox.GetAsync(sms.Id, Arg.Any<CancellationToken>()).Returns(Task.FromResult<InboundSms?>(sms));
        return sms;
    }

    [Fact]
    public async Task The_command_is_read_from_the_decrypted_original_and_the_original_is_forgotten_once_processed()
    {
        _h.Account("frank", "frankpass1");
        _h.Vault.TryUnprotect("sealed:U.frank P.frankpass1 I.").Returns("U.frank P.frankpass1 I.");
        var sms = MaskedSms("U.frank P.frankpass1 I.");

        await _h.ProcessAsync(sms);

        Assert.Equal((InboundSmsStatus.Processed, "Status requested"), (sms.Status, sms.Outcome));
        Assert.Equal("U.frank P.*** I.", sms.Text);
        Assert.Null(sms.ProtectedText);
    }

    [Fact]
    public async Task An_original_that_cannot_be_decrypted_fails_the_sms_without_acting_on_it()
    {
        _h.Account("frank", "frankpass1");
        _h.Vault.TryUnprotect(Arg.Any<string>()).Returns((string?)null);
        var sms = MaskedSms("U.frank P.frankpass1 I.");

        await _h.ProcessAsync(sms);

        Assert.Equal(InboundSmsStatus.Failed, sms.Status);
        Assert.Null(sms.ProtectedText);
        Assert.Empty(_h.Replies);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task An_unknown_sender_gets_no_reply_once_a_ceiling_is_reached(bool perAccessNumber)
    {
        _h.AntiAbuse.MaxUnknownSenderReplies = 10;
        _h.AntiAbuse.MaxUnknownSenderRepliesPerAccessNumber = 3;
        _h.Outbox.CountSinceAsync(OutboundSmsKind.UnknownSenderReply, _h.Now.AddHours(-1), perAccessNumber ? InboundSmsHarness.AccessNumber : null,
            Arg.Any<CancellationToken>()).Returns(Task.FromResult(perAccessNumber ? 3 : 10));
        var sms = _h.Sms(Stranger, "HELP");

        await _h.ProcessAsync(sms);

        Assert.Equal(InboundSmsStatus.Processed, sms.Status);
        Assert.Empty(_h.Replies);
    }

    [Fact]
    public async Task Below_the_ceilings_an_unknown_sender_gets_its_reply()
    {
        _h.Outbox.CountSinceAsync(Arg.Any<OutboundSmsKind>(), Arg.Any<DateTimeOffset>(), Arg.Any<string?>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(2));
        await _h.ProcessAsync(_h.Sms(Stranger, "HELP"));
        Assert.Equal(OutboundSmsKind.UnknownSenderReply, _h.SingleReply().Kind);
    }
}
