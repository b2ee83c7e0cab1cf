using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.AccessNumbers;

/// <summary>A carrier's delivery reports (docs/delivery-reports.md): verified exactly like its inbound webhook, with the credentials of the
/// access number the SMS left from, and read into one <see cref="CarrierDeliveryReport"/>. Route: <c>/api/sms/status/{channel}/{smsId}</c>.</summary>
public interface ICarrierDeliveryReports
{
    string Channel { get; }

    /// <summary>The route's one-line description in the API document.</summary>
    string Summary { get; }

    /// <summary>Verifies and reads a report. <paramref name="smsId"/> is our SMS id from the URL; <paramref name="accessNumber"/> the number that
    /// SMS left from, or null when we do not know the SMS (then the number the report names is used, so a forged report is still refused).</summary>
    Task<CarrierDeliveryReport> ReadAsync(CarrierRequest request, Guid smsId, string? accessNumber, CancellationToken ct);
}

/// <summary>What a carrier's delivery report says.</summary>
public abstract record CarrierDeliveryReport
{
    /// <summary>401 when the proof is missing, 403 when it is wrong, 400 when the request is malformed; nothing is stored.</summary>
    public sealed record Refused(int Status, string Detail) : CarrierDeliveryReport;

    /// <summary>A verified report. <paramref name="Delivery"/> is null for a status that says nothing we record (Vonage's <c>unknown</c>).</summary>
    public sealed record Report(OutboundSmsDelivery? Delivery, string CarrierStatus, string? ErrorCode, CarrierAnswer Answer)
        : CarrierDeliveryReport;

    public static Refused BadRequest(string detail) => new(400, detail);

    public static CarrierDeliveryReport From(CarrierInbound.Refused refused) => new Refused(refused.Status, refused.Detail);
}
