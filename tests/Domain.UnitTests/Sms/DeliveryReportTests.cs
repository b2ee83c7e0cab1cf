using SmsCallback.Domain.Common;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Domain.UnitTests.Sms;

/// <summary>The delivery-report rules of <see cref="OutboundSms"/>: Queued → Sent → Delivered | Failed, monotonic and idempotent.</summary>
public sealed class DeliveryReportTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 14, 0, 0, TimeSpan.Zero);

    private static OutboundSms Sent()
    {
        var sms = OutboundSms.Create(OutboundSmsKind.Reply, "twilio", "+48600316058", "+48500100200", "Help text.", null, Now);
        sms.StartSending();
        sms.MarkSent("SM1", Now);
        return sms;
    }

    [Fact]
    public void The_state_a_person_reads_follows_sending_then_the_reports()
    {
        var sms = OutboundSms.Create(OutboundSmsKind.Reply, "kannel", "+48600316058", "+48500100200", "x", null, Now);
        Assert.Equal(OutboundSmsState.Queued, sms.State);
        sms.StartSending();
        Assert.Equal(OutboundSmsState.Queued, sms.State);
        sms.MarkSent(null, Now);
        Assert.Equal(OutboundSmsState.Sent, sms.State);
        Assert.True(sms.ApplyDeliveryReport(OutboundSmsDelivery.Accepted, "8", null, Now.AddSeconds(1)));
        Assert.Equal(OutboundSmsState.Sent, sms.State);
        Assert.True(sms.ApplyDeliveryReport(OutboundSmsDelivery.Delivered, "1", null, Now.AddSeconds(2)));
        Assert.Equal((OutboundSmsState.Delivered, Now.AddSeconds(2), Now.AddSeconds(2)), (sms.State, sms.DeliveredAt, sms.ReportedAt));
        Assert.Equal(OutboundSmsStatus.Sent, sms.Status); // our side is untouched
    }

    [Fact]
    public void A_final_report_is_never_replaced_and_a_repeat_changes_nothing()
    {
        var sms = Sent();
        Assert.True(sms.ApplyDeliveryReport(OutboundSmsDelivery.Delivered, "delivered", null, Now));
        Assert.False(sms.ApplyDeliveryReport(OutboundSmsDelivery.Delivered, "delivered", null, Now.AddMinutes(1)));
        Assert.False(sms.ApplyDeliveryReport(OutboundSmsDelivery.Accepted, "sent", null, Now.AddMinutes(2)));
        Assert.False(sms.ApplyDeliveryReport(OutboundSmsDelivery.Failed, "undelivered", "30003", Now.AddMinutes(3)));
        Assert.Equal((OutboundSmsState.Delivered, "delivered", null, Now), (sms.State, sms.CarrierStatus, sms.CarrierErrorCode, sms.DeliveredAt));
        Assert.Null(sms.FailedAt);
    }

    [Fact]
    public void A_failed_report_keeps_the_carriers_code_and_time_and_a_repeated_accepted_is_a_no_op()
    {
        var sms = Sent();
        Assert.True(sms.ApplyDeliveryReport(OutboundSmsDelivery.Accepted, "queued", null, Now));
        Assert.False(sms.ApplyDeliveryReport(OutboundSmsDelivery.Accepted, "sent", null, Now.AddSeconds(5)));
        Assert.Equal("queued", sms.CarrierStatus);
        Assert.True(sms.ApplyDeliveryReport(OutboundSmsDelivery.Failed, "undelivered", "30003", Now.AddSeconds(9)));
        Assert.Equal((OutboundSmsState.Failed, "undelivered", "30003", Now.AddSeconds(9)), (sms.State, sms.CarrierStatus, sms.CarrierErrorCode, sms.FailedAt));
        Assert.False(sms.CanBeSent);
    }

    [Fact]
    public void A_report_that_comes_before_our_send_result_is_kept_and_the_send_result_still_lands()
    {
        var sms = OutboundSms.Create(OutboundSmsKind.Reply, "plivo", "+48600316058", "+48500100200", "x", null, Now);
        sms.StartSending();
        Assert.True(sms.ApplyDeliveryReport(OutboundSmsDelivery.Delivered, "delivered", null, Now));
        sms.MarkSent("p-1", Now.AddSeconds(1));
        Assert.Equal((OutboundSmsState.Delivered, OutboundSmsStatus.Sent, "p-1"), (sms.State, sms.Status, sms.ExternalId));
    }

    [Fact]
    public void Codes_are_cut_to_the_column_and_none_is_not_a_report()
    {
        var sms = Sent();
        Assert.Throws<DomainException>(() => sms.ApplyDeliveryReport(OutboundSmsDelivery.None, "x", null, Now));
        Assert.True(sms.ApplyDeliveryReport(OutboundSmsDelivery.Failed, new string('s', 40), new string('e', 40), Now));
        Assert.Equal((OutboundSms.MaxCarrierCodeLength, OutboundSms.MaxCarrierCodeLength), (sms.CarrierStatus!.Length, sms.CarrierErrorCode!.Length));
    }

    [Fact]
    public void A_send_failure_records_when_and_a_new_attempt_clears_it()
    {
        var sms = OutboundSms.Create(OutboundSmsKind.Reply, "twilio", "+48600316058", "+48500100200", "x", null, Now);
        sms.StartSending();
        sms.MarkFailed("twilio 503 ServiceUnavailable", Now);
        Assert.Equal((OutboundSmsState.Failed, Now), (sms.State, sms.FailedAt));
        sms.StartSending();
        Assert.Equal((OutboundSmsState.Queued, (DateTimeOffset?)null), (sms.State, sms.FailedAt));
    }
}
