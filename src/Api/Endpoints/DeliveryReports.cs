using Mediator;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Api.Webhooks;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms.RecordDeliveryReport;

namespace SmsCallback.Api.Endpoints;

/// <summary>Carriers' delivery reports, one route per carrier (<see cref="ICarrierDeliveryReports"/>): <c>/api/sms/status/{channel}/{smsId}</c>, GET
/// and POST (docs/delivery-reports.md). Each report is verified the way the carrier's inbound webhook is, with the credentials of the
/// access number the SMS left from (401 when the proof is missing, 403 when it is wrong; nothing stored). A verified report for an SMS we
/// do not know is answered 200 and logged at debug level, so the carrier does not retry it for days (docs/adr/0045-delivery-reports.md).</summary>
internal sealed partial class DeliveryReports : IEndpointGroup
{
    private static readonly string[] GetAndPost = ["GET", "POST"];

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sms/status").WithTags("Delivery reports")
            .Public("carriers call it; each report is verified like the carrier's inbound webhook (signature, or Kannel's per-SMS token) before anything is stored");
        foreach (var reports in app.ServiceProvider.GetServices<ICarrierDeliveryReports>())
            group.MapMethods($"/{reports.Channel}/{{smsId:guid}}", GetAndPost,
                    (Guid smsId, HttpRequest http, ISender sender, IOutboundSmsRepository outbox, IConfiguration config, ILogger<DeliveryReports> log,
                        CancellationToken ct) => ReceiveAsync(reports, smsId, http, sender, outbox, config, log, ct))
                .WithSummary(reports.Summary);
    }

    private static async Task<IResult> ReceiveAsync(ICarrierDeliveryReports reports, Guid smsId, HttpRequest http, ISender sender,
        IOutboundSmsRepository outbox, IConfiguration config, ILogger log, CancellationToken ct)
    {
        var (request, problem) = await CarrierWebhook.ReadAsync(http, bodyIsText: false, config, ct);
        if (request is null) return problem!;
        var sms = await outbox.FindSenderAsync(smsId, ct);
        switch (await reports.ReadAsync(request, smsId, sms?.From, ct))
        {
            case CarrierDeliveryReport.Refused refused:
                return TypedResults.Problem(refused.Detail, statusCode: refused.Status);
            case CarrierDeliveryReport.Report report:
                if (report.Delivery is not { } delivery)
                {
                    LogIgnored(log, reports.Channel, smsId, report.CarrierStatus);
                    return Answer(report.Answer);
                }
                var outcome = await sender.Send(new RecordDeliveryReportCommand(reports.Channel, smsId, delivery, report.CarrierStatus, report.ErrorCode), ct);
                if (outcome == DeliveryReportOutcome.Unmatched) LogUnmatched(log, reports.Channel, smsId, report.CarrierStatus);
                return Answer(report.Answer);
            default:
                throw new InvalidOperationException($"{reports.Channel} answered {nameof(CarrierDeliveryReport)} of an unknown kind.");
        }
    }

    private static IResult Answer(CarrierAnswer answer) =>
        answer.Content is null ? TypedResults.Ok() : TypedResults.Text(answer.Content, answer.ContentType);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery report from {Channel} for unknown SMS {SmsId} ({CarrierStatus}): answered, not stored")]
    private static partial void LogUnmatched(ILogger logger, string channel, Guid smsId, string carrierStatus);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Delivery report from {Channel} for SMS {SmsId} with status {CarrierStatus}, which records nothing")]
    private static partial void LogIgnored(ILogger logger, string channel, Guid smsId, string carrierStatus);
}
