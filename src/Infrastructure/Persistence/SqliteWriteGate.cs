using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SmsCallback.Infrastructure.Persistence;

/// <summary>SQLite has one writer at a time. Writers of one process queue here, in order and without sleeping, instead of colliding
/// on the file lock and backing off in SQLite's busy handler (1, 2, 5, 10… ms per collision): docs/adr/0038-batched-processing.md.
/// Another process writing the same file still waits through <c>busy_timeout</c>.</summary>
public sealed class SqliteWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public Task EnterAsync(CancellationToken ct) => _gate.WaitAsync(ct);

    public void Enter() => _gate.Wait();

    public void Leave() => _gate.Release();
}

/// <summary>Holds <see cref="SqliteWriteGate"/> for the length of each <c>SaveChanges</c> that opens its own transaction, released exactly
/// once whether the save succeeds, fails, loses a concurrency race or is cancelled.</summary>
internal sealed class SqliteWriteGateInterceptor(SqliteWriteGate gate) : SaveChangesInterceptor
{
    private sealed class Held;

    private readonly ConditionalWeakTable<DbContext, Held> _holders = [];

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (InOwnTransaction(eventData.Context)) return result;
        await gate.EnterAsync(cancellationToken);
        _holders.AddOrUpdate(eventData.Context!, new Held());
        return result;
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        if (InOwnTransaction(eventData.Context)) return result;
        gate.Enter();
        _holders.AddOrUpdate(eventData.Context!, new Held());
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Release(eventData.Context);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Release(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    public override void SaveChangesCanceled(DbContextEventData eventData) => Release(eventData.Context);

    public override Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return Task.CompletedTask;
    }

    // A lost optimistic-concurrency race is reported here, not through SaveChangesFailed.
    public override InterceptionResult ThrowingConcurrencyException(ConcurrencyExceptionEventData eventData, InterceptionResult result)
    {
        Release(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult> ThrowingConcurrencyExceptionAsync(ConcurrencyExceptionEventData eventData,
        InterceptionResult result, CancellationToken cancellationToken = default)
    {
        Release(eventData.Context);
        return ValueTask.FromResult(result);
    }

    /// <summary>A save inside a transaction the code opened itself: a batch holds the gate for its whole transaction already.</summary>
    private static bool InOwnTransaction(DbContext? context) => context?.Database.CurrentTransaction is not null;

    private void Release(DbContext? context)
    {
        if (context is not null && _holders.Remove(context)) gate.Leave();
    }
}
