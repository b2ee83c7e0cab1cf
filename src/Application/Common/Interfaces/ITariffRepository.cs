using SmsCallback.Domain.Billing;

namespace SmsCallback.Application.Common.Interfaces;

public interface ITariffRepository
{
    /// <summary>The tariff, tracked (its rates are not loaded).</summary>
    Task<Tariff?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>The installation's default tariff, tracked (the oldest if a race ever left two).</summary>
    Task<Tariff?> GetDefaultAsync(CancellationToken ct);

    /// <summary>Every tariff by name with its number of rates.</summary>
    Task<IReadOnlyList<(Tariff Tariff, int Rates)>> ListWithRateCountsAsync(CancellationToken ct);

    /// <summary>A page of the tariff's rates by prefix; <paramref name="prefixStartsWith"/> keeps the prefixes that start with it.</summary>
    Task<(IReadOnlyList<TariffRate> Page, int Total)> ListRatesAsync(Guid tariffId, string? prefixStartsWith, int skip, int take, CancellationToken ct);

    /// <summary>One rate, tracked.</summary>
    Task<TariffRate?> GetRateAsync(Guid tariffId, string prefix, CancellationToken ct);

    /// <summary>Every rate of the tariff by prefix, read as it is enumerated (for exports of any size).</summary>
    IAsyncEnumerable<TariffRate> StreamRatesAsync(Guid tariffId, CancellationToken ct);

    void Add(Tariff tariff);
    void AddRates(IEnumerable<TariffRate> rates);
    void Remove(Tariff tariff);
    void RemoveRate(TariffRate rate);

    /// <summary>Customers rated on the tariff: assigned to it, and, when <paramref name="includeUnassigned"/> (it is the default), those
    /// without a tariff.</summary>
    Task<int> CountAccountsAsync(Guid tariffId, bool includeUnassigned, CancellationToken ct);

    /// <summary>Customers without a tariff (rated on the default) whose currency is not <paramref name="currency"/>.</summary>
    Task<int> CountUnassignedAccountsNotInAsync(string currency, CancellationToken ct);

    /// <summary>Whether the account's ledger has any entry (money once moved in its currency).</summary>
    Task<bool> HasLedgerEntriesAsync(Guid accountId, CancellationToken ct);

    /// <summary>Writes many rates at once in one transaction: with <paramref name="replaceAll"/> the tariff's rates become exactly
    /// <paramref name="rates"/>, otherwise they are upserted by prefix. Batched statements, no change tracking; bumps the tariff's version.
    /// Returns false when the tariff no longer exists.</summary>
    Task<bool> WriteRatesAsync(Guid tariffId, IReadOnlyList<TariffRate> rates, bool replaceAll, DateTimeOffset now, CancellationToken ct);
}

/// <summary>Tells this instance's rate index that a tariff changed (other instances see it through the tariff's version).</summary>
public interface ITariffRatesCache
{
    void Invalidate(Guid tariffId);
}

/// <summary>A row of a rates CSV as read, before the domain's rules are applied.</summary>
public sealed record TariffRateRow(int Line, string Prefix, string Description, decimal PricePerMinute, decimal ConnectionFee, int MinimumSeconds,
    int IncrementSeconds);

public sealed record CsvLineError(int Line, string Message);

public sealed record TariffCsvRead(IReadOnlyList<TariffRateRow> Rows, IReadOnlyList<CsvLineError> Errors);

/// <summary>The rates CSV (header <c>prefix,description,pricePerMinute,connectionFee,minimumSeconds,incrementSeconds</c>, invariant culture);
/// the adapter uses CsvHelper.</summary>
public interface ITariffRateCsv
{
    /// <summary>Reads every row; a row that cannot be read is an error with its line number (at most <paramref name="maxErrors"/> kept).</summary>
    Task<TariffCsvRead> ReadAsync(Stream csv, int maxErrors, CancellationToken ct);

    /// <summary>Writes the header and the rates to <paramref name="output"/> as they come.</summary>
    Task WriteAsync(Stream output, IAsyncEnumerable<TariffRate> rates, CancellationToken ct);
}
