using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Tariffs.GetTariff;

/// <summary>A tariff and one page of its rates by prefix (1-based <see cref="Page"/>); <see cref="Prefix"/> keeps the prefixes starting with it.</summary>
public sealed record GetTariffQuery(Guid Id, int Page, int PageSize, string? Prefix) : IQuery<Result<TariffDetails>>;

public sealed record TariffDetails(Guid Id, string Name, string Currency, bool IsDefault, long Version, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt, int Page, int PageSize, int TotalRates, IReadOnlyList<TariffRateView> Rates);

public sealed class GetTariffHandler(ITariffRepository tariffs) : IQueryHandler<GetTariffQuery, Result<TariffDetails>>
{
    public const int MaxPageSize = 1000;

    public async ValueTask<Result<TariffDetails>> Handle(GetTariffQuery q, CancellationToken ct)
    {
        var tariff = await tariffs.GetAsync(q.Id, ct);
        if (tariff is null) return Error.NotFound("No such tariff.");
        var (page, size) = (Math.Max(1, q.Page), Math.Clamp(q.PageSize, 1, MaxPageSize));
        var filter = string.IsNullOrWhiteSpace(q.Prefix) ? null : q.Prefix.Trim().TrimStart('+');
        var (rates, total) = await tariffs.ListRatesAsync(tariff.Id, filter, (page - 1) * size, size, ct);
        return new TariffDetails(tariff.Id, tariff.Name, tariff.Currency, tariff.IsDefault, tariff.Version, tariff.CreatedAt, tariff.UpdatedAt,
            page, size, total, [.. rates.Select(TariffRateView.From)]);
    }
}
