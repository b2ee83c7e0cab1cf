using Mediator;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Tariffs.ListTariffs;

/// <summary>Every tariff by name, with its number of rates.</summary>
public sealed record ListTariffsQuery : IQuery<IReadOnlyList<TariffView>>;

public sealed class ListTariffsHandler(ITariffRepository tariffs) : IQueryHandler<ListTariffsQuery, IReadOnlyList<TariffView>>
{
    public async ValueTask<IReadOnlyList<TariffView>> Handle(ListTariffsQuery query, CancellationToken ct) =>
        [.. (await tariffs.ListWithRateCountsAsync(ct)).Select(t => TariffView.From(t.Tariff, t.Rates))];
}
