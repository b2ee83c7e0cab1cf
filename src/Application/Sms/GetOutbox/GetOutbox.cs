using Mediator;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Sms.GetOutbox;

public sealed record GetOutboxQuery(int Skip = 0, int Take = 100) : IQuery<IReadOnlyList<OutboxItemDto>>;

public sealed record OutboxItemDto(Guid Id, string Kind, string Channel, string To, string? From, string Text, string Status, int Attempts,
    string? Error, string? ExternalId, Guid? InboundSmsId, DateTimeOffset CreatedAt, DateTimeOffset? SentAt);

public sealed class GetOutboxHandler(IOutboundSmsRepository outbox) : IQueryHandler<GetOutboxQuery, IReadOnlyList<OutboxItemDto>>
{
    public async ValueTask<IReadOnlyList<OutboxItemDto>> Handle(GetOutboxQuery query, CancellationToken ct)
    {
        var items = await outbox.ListNewestAsync(Math.Max(0, query.Skip), Math.Clamp(query.Take, 1, 500), ct);
        return [.. items.Select(s => new OutboxItemDto(s.Id, s.Kind.ToString(), s.Channel, s.To, s.From, s.Text, s.Status.ToString(),
            s.Attempts, s.Error, s.ExternalId, s.InboundSmsId, s.CreatedAt, s.SentAt))];
    }
}
