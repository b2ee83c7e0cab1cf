using System.Diagnostics;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Infrastructure.Persistence.Repositories;

/// <summary>A small, rarely changed piece of configuration (the blocked prefixes, the IVR settings) as this instance sees it: read at most
/// once per <see cref="RefreshInterval"/> and shared by every scope, instead of a query each time the hot path needs it
/// (docs/adr/0047-ingest-first.md). A change saved through this instance drops the copy at its commit
/// (<see cref="InvalidateAtCommit"/>); one saved through another instance is seen within the interval. Thread-safe: the value is
/// swapped whole, and holders treat it as read-only.</summary>
internal sealed class RefreshedCopy<T> where T : class
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private sealed record Snapshot(T Value, long ReadAt);

    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile Snapshot? _current;
    private long _invalidations;

    /// <param name="read">reads the value from the database; one reader at a time, the others wait for its result.</param>
    public async Task<T> GetAsync(Func<CancellationToken, Task<T>> read, CancellationToken ct)
    {
        if (_current is { } fresh && Stopwatch.GetElapsedTime(fresh.ReadAt) < RefreshInterval) return fresh.Value;
        await _reading.WaitAsync(ct);
        try
        {
            if (_current is { } other && Stopwatch.GetElapsedTime(other.ReadAt) < RefreshInterval) return other.Value; // read meanwhile
            var generation = Interlocked.Read(ref _invalidations);
            var snapshot = new Snapshot(await read(ct), Stopwatch.GetTimestamp());
            if (generation == Interlocked.Read(ref _invalidations)) _current = snapshot; // else a change came in while reading
            return snapshot.Value;
        }
        finally
        {
            _reading.Release();
        }
    }

    public void Invalidate()
    {
        Interlocked.Increment(ref _invalidations); // a read that started before the change is not kept as fresh
        _current = null;
    }

    /// <summary>The scope is changing the value: drop the copy now (a reader now would not see the change yet) and again at the commit.</summary>
    public void InvalidateAtCommit(IUnitOfWork unitOfWork)
    {
        Invalidate();
        unitOfWork.OnCommitted(_ =>
        {
            Invalidate();
            return Task.CompletedTask;
        });
    }
}
