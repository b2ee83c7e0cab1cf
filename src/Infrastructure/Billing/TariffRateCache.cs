using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Billing;
using SmsCallback.Infrastructure.Persistence;

namespace SmsCallback.Infrastructure.Billing;

/// <summary><see cref="ITariffRates"/> over one in-memory <see cref="TariffPrefixIndex"/> per tariff, built once from the database. Before an
/// index is used, the tariff's version is compared with the database's (one tiny query, at most once per <see cref="VersionCheckInterval"/>),
/// and the index is rebuilt when another instance changed the tariff; this instance's own changes invalidate it at once.
/// Thread-safe: indexes are immutable and swapped whole; one rebuild per tariff at a time.</summary>
public sealed class TariffRateCache(IServiceScopeFactory scopes, TimeProvider clock) : ITariffRates, ITariffRatesCache
{
    /// <summary>How long a version check holds: another instance's change is seen within this time.</summary>
    public static readonly TimeSpan VersionCheckInterval = TimeSpan.FromSeconds(1);

    private sealed record Cached(TariffPrefixIndex Index, long CheckedAt);

    private sealed record DefaultTariff(Guid? Id, long CheckedAt);

    private readonly ConcurrentDictionary<Guid, Cached> _indexes = new();
    private readonly ConcurrentDictionary<Guid, SemaphoreSlim> _builds = new();
    private volatile DefaultTariff? _default;
    private long _invalidations;

    public async Task<TariffRateMatch?> FindAsync(Guid? tariffId, string e164Number, CancellationToken ct)
    {
        var id = tariffId ?? await DefaultIdAsync(ct);
        if (id is not { } tariff) return null;
        var index = await IndexAsync(tariff, ct);
        return index?.Find(e164Number);
    }

    public void Invalidate(Guid tariffId)
    {
        Interlocked.Increment(ref _invalidations); // an index being built from before this change is not trusted as fresh
        _indexes.TryRemove(tariffId, out _);
        _default = null; // the default may have moved with this change
    }

    /// <summary>The index of <paramref name="tariffId"/>, current to within <see cref="VersionCheckInterval"/>; null when the tariff does not exist.</summary>
    internal async Task<TariffPrefixIndex?> IndexAsync(Guid tariffId, CancellationToken ct)
    {
        if (_indexes.TryGetValue(tariffId, out var cached) && Fresh(cached.CheckedAt)) return cached.Index;

        var gate = _builds.GetOrAdd(tariffId, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            if (_indexes.TryGetValue(tariffId, out cached) && Fresh(cached.CheckedAt)) return cached.Index; // another caller did it meanwhile

            var generation = Interlocked.Read(ref _invalidations);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            var head = await db.Tariffs.AsNoTracking().Where(t => t.Id == tariffId)
                .Select(t => new { t.Version, t.Currency }).FirstOrDefaultAsync(ct);
            if (head is null)
            {
                _indexes.TryRemove(tariffId, out _);
                return null;
            }
            if (cached is not null && cached.Index.Version == head.Version)
            {
                _indexes[tariffId] = cached with { CheckedAt = clock.GetTimestamp() };
                return cached.Index;
            }
            var rates = await db.TariffRates.AsNoTracking().Where(r => r.TariffId == tariffId).ToListAsync(ct);
            // Rates and version are two reads: if the tariff changed in between, the next check (a version ahead) rebuilds.
            var index = new TariffPrefixIndex(tariffId, head.Currency, head.Version, rates);
            _indexes[tariffId] = new Cached(index, generation == Interlocked.Read(ref _invalidations) ? clock.GetTimestamp() : long.MinValue);
            return index;
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<Guid?> DefaultIdAsync(CancellationToken ct)
    {
        if (_default is { } known && Fresh(known.CheckedAt)) return known.Id;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var id = await db.Tariffs.AsNoTracking().Where(t => t.IsDefault).OrderBy(t => t.CreatedAt).ThenBy(t => t.Id)
            .Select(t => (Guid?)t.Id).FirstOrDefaultAsync(ct);
        _default = new DefaultTariff(id, clock.GetTimestamp());
        return id;
    }

    private bool Fresh(long checkedAt) => checkedAt != long.MinValue && clock.GetElapsedTime(checkedAt) < VersionCheckInterval;
}
