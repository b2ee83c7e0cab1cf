using SmsCallback.Forwarder.Pdu;

namespace SmsCallback.Forwarder.Tests;

/// <summary>SMS-STATUS-REPORT decoding (TS 23.040 §9.2.2.3) on PDUs shaped as modems list them, and TP-SRR on the replies we submit.</summary>
public sealed class StatusReportPduTests
{
    [Fact]
    public void A_delivered_report_without_a_service_centre_address_is_decoded()
    {
        // The classic example: no SMSC field (00), TP-MTI 10 with TP-MMS, TP-MR 0xD6, recipient +31628870634, TP-ST 00.
        const string pdu = "0006D60B911326880736F4111011719551401110117195714000";

        Assert.True(SmsPdu.IsStatusReport(pdu));
        var report = SmsPdu.DecodeStatusReport(pdu);

        Assert.Equal((0xD6, "+31628870634", 0x00, ReportedDelivery.Delivered), (report.MessageReference, report.Recipient, report.Status, report.Delivery));
        Assert.Equal(new DateTimeOffset(2011, 1, 11, 17, 59, 15, TimeSpan.FromHours(1)), report.ServiceCentreTime);
        Assert.Equal(new DateTimeOffset(2011, 1, 11, 17, 59, 17, TimeSpan.FromHours(1)), report.DischargedAt);
    }

    [Theory]
    [InlineData("41", 0x41, ReportedDelivery.Failed)] // permanent: incompatible destination
    [InlineData("62", 0x62, ReportedDelivery.Failed)] // temporary, the service centre stopped trying
    [InlineData("21", 0x21, ReportedDelivery.Pending)] // temporary, still trying
    [InlineData("02", 0x02, ReportedDelivery.Delivered)] // replaced by the service centre
    public void A_report_with_the_service_centre_address_gives_its_status(string status, int expected, ReportedDelivery delivery)
    {
        // SMSC +48602951111 (07 91 8406 9215 11F1), TP-MTI 10 + TP-SRQ clear, TP-MR 0x2A, recipient +48600316058, 2026-12-02 14:30 +01:00.
        var pdu = "07918406921511F1" + "06" + "2A" + "0B91" + "8406306150F8" + "62212041030040" + "62212041035040" + status;

        var report = SmsPdu.DecodeStatusReport(pdu);

        Assert.Equal((42, "+48600316058", expected, delivery), (report.MessageReference, report.Recipient, report.Status, report.Delivery));
        Assert.Equal(new DateTimeOffset(2026, 12, 2, 14, 30, 5, TimeSpan.FromHours(1)), report.DischargedAt);
    }

    [Fact]
    public void Deliver_pdus_are_not_status_reports_and_broken_reports_are_refused_with_a_reason()
    {
        Assert.False(SmsPdu.IsStatusReport("07918406921511F1040B918406130685F80000622120410300400AC8329BFD06"));
        Assert.False(SmsPdu.IsStatusReport("not hex"));
        Assert.Contains("too early", Assert.Throws<PduFormatException>(() => SmsPdu.DecodeStatusReport("0006D60B911326880736F41110")).Message);
        Assert.Contains("STATUS-REPORT", Assert.Throws<PduFormatException>(() =>
            SmsPdu.DecodeStatusReport("07918406921511F1040B918406130685F80000622120410300400AC8329BFD06")).Message);
    }

    [Fact]
    public void A_reply_asks_for_a_status_report_only_when_told()
    {
        var plain = SmsPdu.EncodeSubmit("+48600316058", "Hello")[0].Hex;
        var asking = SmsPdu.EncodeSubmit("+48600316058", "Hello", requestStatusReport: true)[0].Hex;

        Assert.Equal(0x11, Convert.ToByte(plain[2..4], 16));
        Assert.Equal(0x31, Convert.ToByte(asking[2..4], 16)); // TP-SRR set, the rest unchanged
        Assert.Equal(plain[4..], asking[4..]);
        Assert.Equal(("+48600316058", "Hello"), (SmsPdu.DecodeSubmit(asking).Destination, SmsPdu.DecodeSubmit(asking).Text));
    }
}
