using SmsCallback.Domain.Common;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Domain.UnitTests.Sms;

/// <summary>The encrypted original of an SMS that carried a password lives only until the SMS is processed (ADR 0018).</summary>
public sealed class ProtectedTextTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private static InboundSms Receive() =>
        InboundSms.Receive("twilio", "SM1", "+48600316058", "+48500000000", "U.frank P.*** I.", Now, Now, protectedText: "sealed");

    [Fact]
    public void The_command_is_read_from_the_revealed_original_and_the_stored_text_stays_masked()
    {
        var sms = Receive();
        Assert.Equal("U.frank P.*** I.", sms.CommandText());
        sms.RevealText("U.frank P.frankpass1 I.");
        Assert.Equal(("U.frank P.frankpass1 I.", "U.frank P.*** I."), (sms.CommandText(), sms.Text));
    }

    [Fact]
    public void Processing_or_failing_forgets_the_original()
    {
        var processed = Receive();
        processed.RevealText("U.frank P.frankpass1 I.");
        processed.MarkProcessed("Status requested", Now);
        Assert.Null(processed.ProtectedText);
        Assert.Equal("U.frank P.*** I.", processed.CommandText());

        var failed = Receive();
        failed.MarkFailed("boom", Now);
        Assert.Null(failed.ProtectedText);
    }

    [Fact]
    public void Only_an_sms_with_a_protected_original_can_reveal_one() =>
        Assert.Throws<DomainException>(() => InboundSms.Receive("twilio", "SM2", "+48600316058", "", "HELP", Now, Now).RevealText("x"));

    [Fact]
    public void An_assembled_part_keeps_no_text()
    {
        var part = InboundSmsPart.Receive("vonage", "P1", "48600316058", "48500100200", "77", 1, 2, "U.frank P.secret", Now, Now);
        part.MarkAssembled();
        Assert.Equal(("", true), (part.Text, part.Assembled));
    }
}
