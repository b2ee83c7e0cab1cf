using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SmsCallback.Infrastructure.Persistence;

/// <summary>SQLite has one writer at a time. Writers of one process queue here, in order and without sleeping, instead of colliding
/// on the file lock and backing off in SQLite's busy handler (1, 2, 5, 10… ms per collision): docs/adr/0038-batched-processing.md.
/// Another process writing the same file still waits through <c>busy_timeout</c>.</summary>
public sealed class SqliteWriteGate
{
    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource> _first = new();
    private readonly Queue<TaskCompletionSource> _rest = new();
    private bool _held;
    private long _heldSince;
    private long _heldTicks;
    private long _entries;

    public SqliteWriteGate() { }

    /// <summary>Reports how busy the one writer is on the <c>SmsCallback</c> meter (docs/operations.md#metrics).</summary>
    public SqliteWriteGate(IMeterFactory meters)
    {
        var meter = meters.Create(Application.Common.Telemetry.SmsCallbackMetrics.MeterName);
        meter.CreateObservableCounter("smscallback.sqlite.write_lock.held", () => HeldTime.TotalSeconds, "s",
            "Time this process's writers held SQLite's one write lock (the inbox, processing batches, other saves). Its rate is the share of " +
            "time the writer is busy: near 1, SQLite is what limits the throughput.");
        meter.CreateObservableCounter("smscallback.sqlite.write_lock.entries", () => Entries, "{entry}",
            "Times a writer of this process took SQLite's write lock.");
    }

    /// <summary>How long the gate has been held since the process started, including the current hold (docs/adr/0050-write-lock-hand-off.md).</summary>
    public TimeSpan HeldTime
    {
        get
        {
            lock (_lock)
                return Stopwatch.GetElapsedTime(0, _heldTicks + (_held ? Stopwatch.GetTimestamp() - _heldSince : 0));
        }
    }

    /// <summary>How many times a writer has taken the gate.</summary>
    public long Entries
    {
        get
        {
            lock (_lock) return _entries;
        }
    }

    /// <summary>Waits in order behind the writers already waiting.</summary>
    public Task EnterAsync(CancellationToken ct) => EnterAsync(_rest, ct);

    /// <summary>Waits only for the writer holding the gate and the other first-in-line writers: the inbox's group commit, so a webhook
    /// request waits for at most one processing batch, never for the backlog of processing (docs/adr/0047-ingest-first.md).</summary>
    public Task EnterFirstAsync(CancellationToken ct) => EnterAsync(_first, ct);

    public void Enter() => EnterAsync(_rest, CancellationToken.None).GetAwaiter().GetResult();

    /// <summary>A first-in-line writer (the inbox) waits: a batch holding the gate ends at its next command.</summary>
    public bool FirstInLineWaiting
    {
        get
        {
            lock (_lock) return _first.Count > 0;
        }
    }

    /// <summary>Hands the gate to the next first-in-line waiter, else to the next other one; a waiter that gave up is passed over.</summary>
    /// <returns>true when a waiter now holds the gate. Its continuation is queued on the caller's thread: a caller with more work to do
    /// should yield first, else the gate stays idle until that work is done (docs/adr/0050-write-lock-hand-off.md).</returns>
    public bool Leave()
    {
        while (true)
        {
            TaskCompletionSource? next;
            lock (_lock)
            {
                if (!_first.TryDequeue(out next) && !_rest.TryDequeue(out next))
                {
                    _held = false;
                    _heldTicks += Stopwatch.GetTimestamp() - _heldSince;
                    return false;
                }
                _entries++;
            }
            if (next.TrySetResult()) return true; // the gate stays held, now by that waiter
            lock (_lock) _entries--; // it had given up
        }
    }

    private Task EnterAsync(Queue<TaskCompletionSource> line, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        TaskCompletionSource waiter;
        lock (_lock)
        {
            if (!_held)
            {
                _held = true;
                _heldSince = Stopwatch.GetTimestamp();
                _entries++;
                return Task.CompletedTask;
            }
            waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            line.Enqueue(waiter);
        }
        if (!ct.CanBeCanceled) return waiter.Task;
        var registration = ct.Register(static w => ((TaskCompletionSource)w!).TrySetCanceled(), waiter);
        return WithRegistrationAsync(waiter.Task, registration);
    }

    private static async Task WithRegistrationAsync(Task entered, CancellationTokenRegistration registration)
    {
        await using (registration) await entered;
    }
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
