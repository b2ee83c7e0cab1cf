using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Lots.GetLot;

namespace SmsCallback.Application.Lots.ListLots;

public sealed record ListLotsQuery(int Skip, int Take) : IQuery<IReadOnlyList<LotDto>>;

public sealed class ListLotsHandler(ICredentialLotRepository lots) : IQueryHandler<ListLotsQuery, IReadOnlyList<LotDto>>
{
    public async ValueTask<IReadOnlyList<LotDto>> Handle(ListLotsQuery query, CancellationToken ct) =>
        [.. (await lots.ListNewestAsync(Math.Max(0, query.Skip), Math.Clamp(query.Take, 1, 500), ct)).Select(LotDto.From)];
}
