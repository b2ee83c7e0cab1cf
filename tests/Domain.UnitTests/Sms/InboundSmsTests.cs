using SmsCallback.Domain.Common;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Domain.UnitTests.Sms;

public sealed class InboundSmsTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static InboundSms Receive(string text = "D.48774417880") =>
        InboundSms.Receive("twilio", "SM123", "+48600316058", "+48500000000", text, Now.AddSeconds(-5), Now);

    [Fact]
    public void A_received_sms_is_pending_and_keeps_what_the_channel_gave()
    {
        var sms = Receive();

        Assert.Equal(InboundSmsStatus.Pending, sms.Status);
        Assert.Equal("twilio", sms.Channel);
        Assert.Equal("SM123", sms.ExternalId);
        Assert.Equal("+48600316058", sms.From);
        Assert.Equal("+48500000000", sms.To);
        Assert.Equal("D.48774417880", sms.Text);
        Assert.Equal(Now.AddSeconds(-5), sms.ReceivedAt);
        Assert.Equal(Now, sms.StoredAt);
        Assert.Null(sms.ProcessedAt);
        Assert.Null(sms.Outcome);
    }

    [Fact]
    public void An_empty_text_is_accepted_so_it_can_be_answered()
    {
        Assert.Equal("", Receive("").Text);
    }

    public static TheoryData<string, string, string, string, string> Invalid => new()
    {
        { "", "id", "+48600316058", "", "x" },
        { " ", "id", "+48600316058", "", "x" },
        { "twilio", "", "+48600316058", "", "x" },
        { "twilio", new string('i', InboundSms.MaxIdLength + 1), "+48600316058", "", "x" },
        { "twilio", "id", "", "", "x" },
        { "twilio", "id", new string('1', InboundSms.MaxAddressLength + 1), "", "x" },
        { "twilio", "id", "+48600316058", new string('1', InboundSms.MaxAddressLength + 1), "x" },
        { "twilio", "id", "+48600316058", "", new string('x', InboundSms.MaxTextLength + 1) },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Receiving_refuses_missing_or_oversized_fields(string channel, string id, string from, string to, string text)
    {
        Assert.Throws<DomainException>(() => InboundSms.Receive(channel, id, from, to, text, Now, Now));
    }

    [Fact]
    public void The_longest_allowed_fields_are_accepted()
    {
        var sms = InboundSms.Receive("c", new string('i', InboundSms.MaxIdLength), new string('1', InboundSms.MaxAddressLength),
            new string('2', InboundSms.MaxAddressLength), new string('x', InboundSms.MaxTextLength), Now, Now);

        Assert.Equal(InboundSms.MaxTextLength, sms.Text.Length);
    }

    [Fact]
    public void Marking_processed_records_the_outcome_and_time()
    {
        var sms = Receive();

        sms.MarkProcessed("Callback requested", Now.AddSeconds(1));

        Assert.Equal(InboundSmsStatus.Processed, sms.Status);
        Assert.Equal("Callback requested", sms.Outcome);
        Assert.Equal(Now.AddSeconds(1), sms.ProcessedAt);
    }

    [Fact]
    public void An_sms_is_processed_once()
    {
        var sms = Receive();
        sms.MarkProcessed("first", Now);

        Assert.Throws<DomainException>(() => sms.MarkProcessed("second", Now.AddSeconds(1)));
        Assert.Throws<DomainException>(() => sms.MarkFailed("boom", Now.AddSeconds(1)));
        Assert.Equal("first", sms.Outcome);
        Assert.Equal(InboundSmsStatus.Processed, sms.Status);
    }

    [Fact]
    public void A_failed_sms_cannot_be_processed_afterwards()
    {
        var sms = Receive();
        sms.MarkFailed("database down", Now);

        Assert.Equal(InboundSmsStatus.Failed, sms.Status);
        Assert.Equal("database down", sms.Outcome);
        Assert.Throws<DomainException>(() => sms.MarkProcessed("late", Now));
    }

    [Fact]
    public void A_long_outcome_is_cut_to_256_characters()
    {
        var sms = Receive();

        sms.MarkFailed(new string('e', 1000), Now);

        Assert.Equal(256, sms.Outcome!.Length);
    }
}
