using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Billing;
using SmsCallback.Domain.Common;

namespace SmsCallback.Application.Tariffs.ImportTariffRates;

/// <summary>Import a rates CSV, all or nothing: every row is checked first, and one bad row stores nothing. By default the tariff's rates
/// become the file's (replace); with <see cref="Merge"/> the file's prefixes are added or replaced and the others kept.</summary>
public sealed record ImportTariffRatesCommand(Guid TariffId, Stream Csv, bool Merge) : ICommand<Result<TariffImportResult>>;

/// <summary>How many rates were stored, or (with nothing stored) the rows that were refused and why.</summary>
public sealed record TariffImportResult(int Imported, IReadOnlyList<CsvLineError> Errors)
{
    public bool Succeeded => Errors.Count == 0;
}

public sealed class ImportTariffRatesHandler(ITariffRepository tariffs, ITariffRateCsv csv, ITariffRatesCache cache, TimeProvider clock)
    : ICommandHandler<ImportTariffRatesCommand, Result<TariffImportResult>>
{
    public const int MaxReportedErrors = 100;

    public async ValueTask<Result<TariffImportResult>> Handle(ImportTariffRatesCommand c, CancellationToken ct)
    {
        var tariff = await tariffs.GetAsync(c.TariffId, ct);
        if (tariff is null) return Error.NotFound("No such tariff.");

        var read = await csv.ReadAsync(c.Csv, MaxReportedErrors, ct);
        var errors = new List<CsvLineError>(read.Errors);
        var rates = new List<TariffRate>(read.Rows.Count);
        var seen = new Dictionary<string, int>(read.Rows.Count, StringComparer.Ordinal);
        foreach (var row in read.Rows)
        {
            if (errors.Count >= MaxReportedErrors) break;
            if (!seen.TryAdd(row.Prefix, row.Line))
            {
                errors.Add(new CsvLineError(row.Line, $"Prefix {row.Prefix} appears already on line {seen[row.Prefix]}."));
                continue;
            }
            try
            {
                rates.Add(TariffRate.Create(tariff.Id, row.Prefix, row.Description, row.PricePerMinute, row.ConnectionFee, row.MinimumSeconds,
                    row.IncrementSeconds));
            }
            catch (DomainException ex)
            {
                errors.Add(new CsvLineError(row.Line, ex.Message));
            }
        }
        if (errors.Count > 0) return new TariffImportResult(0, [.. errors.OrderBy(e => e.Line).Take(MaxReportedErrors)]);

        if (!await tariffs.WriteRatesAsync(tariff.Id, rates, replaceAll: !c.Merge, clock.GetUtcNow(), ct)) return Error.NotFound("No such tariff.");
        cache.Invalidate(tariff.Id);
        return new TariffImportResult(rates.Count, []);
    }
}
