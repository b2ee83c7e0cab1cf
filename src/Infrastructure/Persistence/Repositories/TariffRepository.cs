using System.Data;
using System.Data.Common;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Billing;

namespace SmsCallback.Infrastructure.Persistence.Repositories;

internal sealed class TariffRepository(AppDbContext db) : ITariffRepository
{
    /// <summary>Rows per INSERT: 7 parameters each stays under SQL Server's 2100 parameters per command.</summary>
    private const int RowsPerInsert = 250;

    public Task<Tariff?> GetAsync(Guid id, CancellationToken ct) => db.Tariffs.FirstOrDefaultAsync(t => t.Id == id, ct);

    public Task<Tariff?> GetDefaultAsync(CancellationToken ct) =>
        db.Tariffs.Where(t => t.IsDefault).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<(Tariff Tariff, int Rates)>> ListWithRateCountsAsync(CancellationToken ct)
    {
        var rows = await db.Tariffs.AsNoTracking().OrderBy(t => t.Name)
            .Select(t => new { Tariff = t, Rates = db.TariffRates.Count(r => r.TariffId == t.Id) }).ToListAsync(ct);
        return [.. rows.Select(r => (r.Tariff, r.Rates))];
    }

    public async Task<(IReadOnlyList<TariffRate> Page, int Total)> ListRatesAsync(Guid tariffId, string? prefixStartsWith, int skip, int take,
        CancellationToken ct)
    {
        var query = db.TariffRates.AsNoTracking().Where(r => r.TariffId == tariffId);
        if (prefixStartsWith is not null) query = query.Where(r => r.Prefix.StartsWith(prefixStartsWith));
        var total = await query.CountAsync(ct);
        return (await query.OrderBy(r => r.Prefix).Skip(skip).Take(take).ToListAsync(ct), total);
    }

    public Task<TariffRate?> GetRateAsync(Guid tariffId, string prefix, CancellationToken ct) =>
        db.TariffRates.FirstOrDefaultAsync(r => r.TariffId == tariffId && r.Prefix == prefix, ct);

    public IAsyncEnumerable<TariffRate> StreamRatesAsync(Guid tariffId, CancellationToken ct) =>
        db.TariffRates.AsNoTracking().Where(r => r.TariffId == tariffId).OrderBy(r => r.Prefix).AsAsyncEnumerable();

    public void Add(Tariff tariff) => db.Tariffs.Add(tariff);
    public void AddRates(IEnumerable<TariffRate> rates) => db.TariffRates.AddRange(rates);
    public void Remove(Tariff tariff) => db.Tariffs.Remove(tariff);
    public void RemoveRate(TariffRate rate) => db.TariffRates.Remove(rate);

    public Task<int> CountAccountsAsync(Guid tariffId, bool includeUnassigned, CancellationToken ct) =>
        db.Accounts.CountAsync(a => a.Role == AccountRole.Client && (a.TariffId == tariffId || (includeUnassigned && a.TariffId == null)), ct);

    public Task<int> CountUnassignedAccountsNotInAsync(string currency, CancellationToken ct) =>
        db.Accounts.CountAsync(a => a.Role == AccountRole.Client && a.TariffId == null && a.Currency != currency, ct);

    public Task<bool> HasLedgerEntriesAsync(Guid accountId, CancellationToken ct) => db.LedgerEntries.AnyAsync(e => e.AccountId == accountId, ct);

    public async Task<bool> WriteRatesAsync(Guid tariffId, IReadOnlyList<TariffRate> rates, bool replaceAll, DateTimeOffset now, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            // First, so concurrent writers of one tariff queue up here, and every instance's index sees the new version.
            var touched = await db.Tariffs.Where(t => t.Id == tariffId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.Version, t => t.Version + 1).SetProperty(t => t.UpdatedAt, now), ct);
            if (touched == 0) return false;
            if (replaceAll) await db.TariffRates.Where(r => r.TariffId == tariffId).ExecuteDeleteAsync(ct);

            if (db.Database.IsSqlite()) await InsertOnSqliteAsync(tariffId, rates, upsert: !replaceAll, ct);
            else await InsertInBatchesAsync(tariffId, rates, deleteFirst: !replaceAll, ct);
            await transaction.CommitAsync(ct);
            return true;
        });
    }

    private static readonly string[] Columns = [nameof(TariffRate.TariffId), nameof(TariffRate.Prefix), nameof(TariffRate.Description),
        nameof(TariffRate.PricePerMinute), nameof(TariffRate.ConnectionFee), nameof(TariffRate.MinimumSeconds), nameof(TariffRate.IncrementSeconds)];

    /// <summary>SQLite: one prepared statement executed per row inside the transaction (no network, so this is the fastest way), an upsert
    /// when merging. Values are bound as EF stores them: the id as upper-case text, amounts as invariant text.</summary>
    private async Task InsertOnSqliteAsync(Guid tariffId, IReadOnlyList<TariffRate> rates, bool upsert, CancellationToken ct)
    {
        var columns = string.Join(", ", Columns.Select(c => $"\"{c}\""));
        var text = $"INSERT INTO \"TariffRates\" ({columns}) VALUES ($t, $p, $d, $ppm, $cf, $min, $inc)";
        if (upsert)
            text += " ON CONFLICT (\"TariffId\", \"Prefix\") DO UPDATE SET " +
                string.Join(", ", Columns.Skip(2).Select(c => $"\"{c}\" = excluded.\"{c}\""));
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = text;
        var parameters = new[] { "$t", "$p", "$d", "$ppm", "$cf", "$min", "$inc" }.Select(name =>
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
            return parameter;
        }).ToArray();
        parameters[0].Value = tariffId.ToString().ToUpperInvariant();
        await command.PrepareAsync(ct);
        foreach (var r in rates)
        {
            parameters[1].Value = r.Prefix;
            parameters[2].Value = r.Description;
            parameters[3].Value = r.PricePerMinute.ToString("0.0###########################", System.Globalization.CultureInfo.InvariantCulture);
            parameters[4].Value = r.ConnectionFee.ToString("0.0###########################", System.Globalization.CultureInfo.InvariantCulture);
            parameters[5].Value = r.MinimumSeconds;
            parameters[6].Value = r.IncrementSeconds;
            await command.ExecuteNonQueryAsync(ct);
        }
    }

    /// <summary>Other engines (SQL Server): multi-row INSERTs of <see cref="RowsPerInsert"/> rows, after deleting the batch's prefixes when merging.</summary>
    private async Task InsertInBatchesAsync(Guid tariffId, IReadOnlyList<TariffRate> rates, bool deleteFirst, CancellationToken ct)
    {
        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier("TariffRates");
        var columns = string.Join(", ", Columns.Select(c => sql.DelimitIdentifier(c)));
        foreach (var batch in rates.Chunk(RowsPerInsert))
        {
            if (deleteFirst)
            {
                var prefixes = batch.Select(r => r.Prefix).ToArray();
                await db.TariffRates.Where(r => r.TariffId == tariffId && prefixes.Contains(r.Prefix)).ExecuteDeleteAsync(ct);
            }
            var text = new StringBuilder($"INSERT INTO {table} ({columns}) VALUES ");
            var values = new object[batch.Length * 7];
            for (var i = 0; i < batch.Length; i++)
            {
                var r = batch[i];
                var p = i * 7;
                if (i > 0) text.Append(", ");
                text.Append($"({{{p}}}, {{{p + 1}}}, {{{p + 2}}}, {{{p + 3}}}, {{{p + 4}}}, {{{p + 5}}}, {{{p + 6}}})");
                (values[p], values[p + 1], values[p + 2], values[p + 3], values[p + 4], values[p + 5], values[p + 6]) =
                    (tariffId, r.Prefix, r.Description, Money(p + 3, r.PricePerMinute), Money(p + 4, r.ConnectionFee), r.MinimumSeconds,
                        r.IncrementSeconds);
            }
            await db.Database.ExecuteSqlRawAsync(text.ToString(), values, ct);
        }
    }

    /// <summary>Amounts as decimal(18,4) parameters: a plain decimal would be sent as SQL Server's default decimal(18,2).</summary>
    private DbParameter Money(int index, decimal value)
    {
        _factory ??= db.Database.GetDbConnection().CreateCommand();
        var parameter = _factory.CreateParameter();
        parameter.ParameterName = $"m{index}";
        parameter.DbType = DbType.Decimal;
        parameter.Precision = 18;
        parameter.Scale = 4;
        parameter.Value = value;
        return parameter;
    }

    private DbCommand? _factory;
}
