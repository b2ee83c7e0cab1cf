using SmsCallback.Domain.Common;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Domain.UnitTests.Sms;

public sealed class OutboundSmsTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid InboundId = Guid.NewGuid();

    private static OutboundSms Queued() =>
        OutboundSms.Create(OutboundSmsKind.Reply, "twilio", "+48600316058", "+48500000000", "Login failed.", InboundId, Now);

    [Fact]
    public void A_new_sms_is_queued_with_no_attempts()
    {
        var sms = Queued();

        Assert.Equal(OutboundSmsStatus.Queued, sms.Status);
        Assert.Equal(0, sms.Attempts);
        Assert.Equal(OutboundSmsKind.Reply, sms.Kind);
        Assert.Equal("twilio", sms.Channel);
        Assert.Equal("+48600316058", sms.To);
        Assert.Equal("+48500000000", sms.From);
        Assert.Equal("Login failed.", sms.Text);
        Assert.Equal(InboundId, sms.InboundSmsId);
        Assert.Equal(Now, sms.CreatedAt);
        Assert.Null(sms.SentAt);
        Assert.True(sms.CanBeSent);
    }

    [Theory]
    [InlineData("", "+48600316058", "text")]
    [InlineData("twilio", " ", "text")]
    [InlineData("twilio", "+48600316058", "")]
    public void Creating_refuses_a_missing_channel_receiver_or_text(string channel, string to, string text)
    {
        Assert.Throws<DomainException>(() => OutboundSms.Create(OutboundSmsKind.Reply, channel, to, null, text, null, Now));
    }

    [Fact]
    public void Creating_refuses_a_text_longer_than_the_limit_and_accepts_the_limit()
    {
        Assert.Throws<DomainException>(() => OutboundSms.Create(OutboundSmsKind.Notice, "c", "+48600316058", null,
            new string('x', OutboundSms.MaxTextLength + 1), null, Now));
        var longest = OutboundSms.Create(OutboundSmsKind.Notice, "c", "+48600316058", null,
            new string('x', OutboundSms.MaxTextLength), null, Now);
        Assert.Equal(OutboundSms.MaxTextLength, longest.Text.Length);
    }

    [Fact]
    public void Starting_to_send_counts_an_attempt()
    {
        var sms = Queued();

        sms.StartSending();

        Assert.Equal(OutboundSmsStatus.Sending, sms.Status);
        Assert.Equal(1, sms.Attempts);
    }

    [Fact]
    public void Marking_sent_records_the_carrier_id_and_time()
    {
        var sms = Queued();
        sms.StartSending();

        sms.MarkSent("SMabc", Now.AddSeconds(2));

        Assert.Equal(OutboundSmsStatus.Sent, sms.Status);
        Assert.Equal("SMabc", sms.ExternalId);
        Assert.Equal(Now.AddSeconds(2), sms.SentAt);
        Assert.False(sms.CanBeSent);
    }

    [Fact]
    public void Only_an_sms_being_sent_can_be_marked_sent_or_failed()
    {
        var sms = Queued();

        Assert.Throws<DomainException>(() => sms.MarkSent("x", Now));
        Assert.Throws<DomainException>(() => sms.MarkFailed("x"));
        Assert.Equal(OutboundSmsStatus.Queued, sms.Status);
    }

    [Fact]
    public void A_sent_sms_is_never_sent_again()
    {
        var sms = Queued();
        sms.StartSending();
        sms.MarkSent(null, Now);

        Assert.Throws<DomainException>(sms.StartSending);
        Assert.Throws<DomainException>(() => sms.MarkSent("again", Now));
        Assert.Throws<DomainException>(() => sms.MarkFailed("late"));
        Assert.Equal(1, sms.Attempts);
        Assert.Equal(OutboundSmsStatus.Sent, sms.Status);
    }

    [Fact]
    public void A_failed_sms_can_be_retried_and_a_later_success_clears_the_error()
    {
        var sms = Queued();
        sms.StartSending();
        sms.MarkFailed("carrier timeout");
        Assert.Equal(OutboundSmsStatus.Failed, sms.Status);
        Assert.Equal("carrier timeout", sms.Error);
        Assert.True(sms.CanBeSent);

        sms.StartSending();
        sms.MarkSent("SM2", Now);

        Assert.Equal(2, sms.Attempts);
        Assert.Equal(OutboundSmsStatus.Sent, sms.Status);
        Assert.Null(sms.Error);
    }

    [Fact]
    public void A_long_error_is_cut_to_512_characters()
    {
        var sms = Queued();
        sms.StartSending();

        sms.MarkFailed(new string('e', 2000));

        Assert.Equal(512, sms.Error!.Length);
    }

    [Fact]
    public void An_sms_handed_to_a_forwarder_awaits_its_result_and_is_not_sent_again()
    {
        var sms = Queued();
        Assert.Throws<DomainException>(() => sms.MarkAwaitingResult()); // only while sending

        sms.StartSending();
        sms.MarkAwaitingResult();

        Assert.Equal(OutboundSmsStatus.AwaitingResult, sms.Status);
        Assert.False(sms.CanBeSent);
        sms.MarkSent("12", Now.AddMinutes(1));
        Assert.Equal(OutboundSmsStatus.Sent, sms.Status);
        Assert.Equal("12", sms.ExternalId);
        Assert.Throws<DomainException>(() => sms.MarkFailed("late"));
    }

    [Fact]
    public void A_forwarder_may_report_that_it_could_not_send()
    {
        var sms = Queued();
        sms.StartSending();
        sms.MarkAwaitingResult();

        sms.MarkFailed("+CMS ERROR: 38");

        Assert.Equal(OutboundSmsStatus.Failed, sms.Status);
        Assert.Equal("+CMS ERROR: 38", sms.Error);
    }
}
