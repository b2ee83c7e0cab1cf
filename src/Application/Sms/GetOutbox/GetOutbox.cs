using Mediator;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Sms.GetOutbox;

public sealed record GetOutboxQuery(int Skip = 0, int Take = 100) : IQuery<IReadOnlyList<OutboxItemDto>>;

/// <param name="Status">Our side of sending (Queued, Sending, AwaitingResult, Sent, Failed), as before delivery reports.</param>
/// <param name="State">What a person reads: Queued → Sent → Delivered | Failed, with the carrier's delivery reports (docs/delivery-reports.md).</param>
public sealed record OutboxItemDto(Guid Id, string Kind, string Channel, string To, string? From, string Text, string Status, int Attempts,
    string? Error, string? ExternalId, Guid? InboundSmsId, DateTimeOffset CreatedAt, DateTimeOffset? SentAt,
    string State, string? CarrierStatus, string? CarrierErrorCode, DateTimeOffset? ReportedAt, DateTimeOffset? DeliveredAt, DateTimeOffset? FailedAt);

public sealed class GetOutboxHandler(IOutboundSmsRepository outbox) : IQueryHandler<GetOutboxQuery, IReadOnlyList<OutboxItemDto>>
{
    public async ValueTask<IReadOnlyList<OutboxItemDto>> Handle(GetOutboxQuery query, CancellationToken ct)
    {
        var items = await outbox.ListNewestAsync(Math.Max(0, query.Skip), Math.Clamp(query.Take, 1, 500), ct);
        return [.. items.Select(s => new OutboxItemDto(s.Id, s.Kind.ToString(), s.Channel, s.To, s.From, s.Text, s.Status.ToString(),
            s.Attempts, s.Error, s.ExternalId, s.InboundSmsId, s.CreatedAt, s.SentAt,
            s.State.ToString(), s.CarrierStatus, s.CarrierErrorCode, s.ReportedAt, s.DeliveredAt, s.FailedAt))];
    }
}
