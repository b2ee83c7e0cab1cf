using Mediator;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Sms.GetInbox;

public sealed record GetInboxQuery(int Skip = 0, int Take = 100) : IQuery<IReadOnlyList<InboxItemDto>>;

public sealed record InboxItemDto(Guid Id, string Channel, string MessageId, string From, string To, string Text, string Status,
    string? Outcome, DateTimeOffset ReceivedAt, DateTimeOffset StoredAt, DateTimeOffset? ProcessedAt);

public sealed class GetInboxHandler(IInboundSmsRepository inbox, ReceiveInboundSms.IInboxWriter writer)
    : IQueryHandler<GetInboxQuery, IReadOnlyList<InboxItemDto>>
{
    public async ValueTask<IReadOnlyList<InboxItemDto>> Handle(GetInboxQuery query, CancellationToken ct)
    {
        await writer.ReadableAsync(TimeSpan.FromSeconds(2), ct); // every SMS acknowledged so far is listed (or waits, stuck, in the health check)
        var items = await inbox.ListNewestAsync(Math.Max(0, query.Skip), Math.Clamp(query.Take, 1, 500), ct);
        return [.. items.Select(s => new InboxItemDto(s.Id, s.Channel, s.ExternalId, s.From, s.To, s.Text, s.Status.ToString(), s.Outcome,
            s.ReceivedAt, s.StoredAt, s.ProcessedAt))];
    }
}
