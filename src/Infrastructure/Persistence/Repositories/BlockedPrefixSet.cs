using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using SmsCallback.Domain.Billing;

namespace SmsCallback.Infrastructure.Persistence.Repositories;

/// <summary>The blocked prefixes as this instance sees them (docs/adr/0047-ingest-first.md): the whole table (an operator's list, short) read
/// at most once per <see cref="RefreshInterval"/> instead of one query per number checked (three per SMS callback: both legs and the
/// reply). A change saved through this instance drops the copy at its commit; one saved through another instance is seen within the
/// interval. Thread-safe: the set is immutable and swapped whole.</summary>
internal sealed class BlockedPrefixSet
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private sealed record Snapshot(HashSet<string> Prefixes, long ReadAt);

    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile Snapshot? _current;
    private long _invalidations;

    public async Task<bool> AnyPrefixOfAsync(AppDbContext db, string e164Number, CancellationToken ct)
    {
        var prefixes = (await CurrentAsync(db, ct)).Prefixes;
        if (prefixes.Count == 0) return false;
        var digits = Prefixes.Digits(e164Number);
        for (var n = Math.Min(digits.Length, Prefixes.MaxLength); n >= 1; n--)
            if (prefixes.Contains(digits[..n])) return true;
        return false;
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _invalidations); // a read that started before the change is not kept as fresh
        _current = null;
    }

    private async Task<Snapshot> CurrentAsync(AppDbContext db, CancellationToken ct)
    {
        if (_current is { } fresh && Stopwatch.GetElapsedTime(fresh.ReadAt) < RefreshInterval) return fresh;
        await _reading.WaitAsync(ct);
        try
        {
            if (_current is { } other && Stopwatch.GetElapsedTime(other.ReadAt) < RefreshInterval) return other; // read meanwhile
            var generation = Interlocked.Read(ref _invalidations);
            var prefixes = await db.BlockedPrefixes.AsNoTracking().Select(p => p.Prefix).ToListAsync(ct);
            var snapshot = new Snapshot([.. prefixes], Stopwatch.GetTimestamp());
            if (generation == Interlocked.Read(ref _invalidations)) _current = snapshot;
            return snapshot;
        }
        finally
        {
            _reading.Release();
        }
    }
}
