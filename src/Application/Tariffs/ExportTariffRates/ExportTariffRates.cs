using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Billing;

namespace SmsCallback.Application.Tariffs.ExportTariffRates;

/// <summary>A tariff's rates for a CSV download, read from the database as they are written out (the import's format: export, edit, import).</summary>
public sealed record ExportTariffRatesQuery(Guid TariffId) : IQuery<Result<TariffRatesExport>>;

public sealed record TariffRatesExport(string TariffName, IAsyncEnumerable<TariffRate> Rates);

public sealed class ExportTariffRatesHandler(ITariffRepository tariffs) : IQueryHandler<ExportTariffRatesQuery, Result<TariffRatesExport>>
{
    public async ValueTask<Result<TariffRatesExport>> Handle(ExportTariffRatesQuery query, CancellationToken ct)
    {
        var tariff = await tariffs.GetAsync(query.TariffId, ct);
        if (tariff is null) return Error.NotFound("No such tariff.");
        return new TariffRatesExport(tariff.Name, tariffs.StreamRatesAsync(tariff.Id, ct));
    }
}
