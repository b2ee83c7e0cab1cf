using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Common;
using SmsCallback.Infrastructure.Persistence.Outbox;
using SmsCallback.Infrastructure.Persistence.Repositories;
using SmsCallback.Infrastructure.Processing;

namespace SmsCallback.Infrastructure.Persistence;

/// <summary>The outbox messages a scope's command consumes (one, or several events that asked for the same command): deleted by that
/// command's save, in the same transaction as its change.</summary>
internal sealed class OutboxConsumption
{
    public IReadOnlyList<Guid> MessageIds { get; set; } = [];
}

/// <summary>Saves the scope's changes with the aggregates' domain events as outbox rows (and the consumed message's deletion) in one
/// transaction; after the commit runs the registered effects, then hands the new events to <see cref="OutboxProcessor"/>.
/// <para>In a batch (<see cref="RunBatchAsync"/>, used by the processors: docs/adr/0038-batched-processing.md) each command's save is
/// a savepoint inside one transaction: a command that fails loses only its own changes, and the effects and events of the commands that
/// succeeded wait for the one commit of the batch.</para></summary>
internal sealed partial class UnitOfWork(
    AppDbContext db, OutboxConsumption consumption, OutboxQueue outboxQueue, SqliteWriteGate gate, TimeProvider clock, ILogger<UnitOfWork> logger)
    : IUnitOfWork
{
    private readonly List<Func<CancellationToken, Task>> _effects = [];
    private readonly List<Func<CancellationToken, Task>> _batchEffects = [];
    private readonly List<(Guid Id, IDomainEvent Event, ActivityContext Parent, long? HotPathStart)> _batchEvents = [];
    private IDbContextTransaction? _batch;
    private long _batchStarted;
    private TimeSpan _batchBudget;
    private bool _holdsGate;
    private bool _handedOver;

    /// <summary>The open batch should take no further command: it has run for its time budget (<see cref="ProcessingOptions.BatchTimeBudget"/>), or the
    /// inbox waits for the write lock it holds (docs/adr/0047-ingest-first.md). What is left goes into the next batch.</summary>
    public bool BatchShouldEnd =>
        _batch is not null && ((_holdsGate && gate.FirstInLineWaiting) || Stopwatch.GetElapsedTime(_batchStarted) > _batchBudget);

    /// <summary>The effect runs after the commit in the trace and hot path (<see cref="Telemetry.HotPath"/>) of the command that registered
    /// it, also when it waits for a batch's commit: by then the command's activity has ended, so the effect gets a span of its own
    /// (<c>unit_of_work.after_commit</c>) under it, and what the effect does (the switch asked to call) stays in the SMS's trace.</summary>
    public void OnCommitted(Func<CancellationToken, Task> effect)
    {
        var parent = Activity.Current?.Context ?? default;
        var hotPathStart = Telemetry.HotPath.StartedAt;
        if (parent == default && hotPathStart is null)
        {
            _effects.Add(effect);
            return;
        }
        _effects.Add(async ct =>
        {
            using var hotPath = hotPathStart is { } start ? Telemetry.HotPath.Begin(start) : null;
            using var activity = parent == default || Activity.Current?.Context == parent
                ? null // still inside the command (a save of its own)
                : Application.Common.Telemetry.SmsCallbackActivities.Source.StartActivity("unit_of_work.after_commit", ActivityKind.Internal, parent);
            await effect(ct);
        });
    }

    public async Task SaveChangesAsync(CancellationToken ct)
    {
        // One scan for changes per save: the look for events here, the telemetry interceptor and EF Core's own save would each scan every
        // tracked row again. Switched back on before any effect runs: effects may change rows and save them themselves.
        var detect = db.ChangeTracker.AutoDetectChangesEnabled;
        db.ChangeTracker.DetectChanges();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        List<AggregateRoot> raised;
        var messages = new List<(OutboxMessage Message, IDomainEvent Event)>();
        try
        {
            raised = RecordEvents(messages);
            await SaveRecordedAsync(ct);
        }
        finally
        {
            db.ChangeTracker.AutoDetectChangesEnabled = detect;
        }
        foreach (var aggregate in raised) aggregate.ClearEvents();

        if (_batch is not null)
        {
            // Not committed yet: the effects and events wait for the batch's commit, with the trace of the command that raised them.
            _batchEffects.AddRange(_effects);
            _effects.Clear();
            var parent = Activity.Current?.Context ?? default;
            foreach (var (message, domainEvent) in messages) _batchEvents.Add((message.Id, domainEvent, parent, Telemetry.HotPath.StartedAt));
            return;
        }

        var effects = _effects.ToArray();
        _effects.Clear();
        try
        {
            foreach (var effect in effects) await effect(ct);
        }
        finally
        {
            // committed events go to their consumers even when an effect failed (else they would wait for the sweep)
            foreach (var (message, domainEvent) in messages) outboxQueue.Enqueue(message.Id, domainEvent);
        }
    }

    /// <summary>The aggregates' new domain events become outbox rows of this save; returns the aggregates that raised them.</summary>
    private List<AggregateRoot> RecordEvents(List<(OutboxMessage Message, IDomainEvent Event)> messages)
    {
        var raised = db.ChangeTracker.Entries<AggregateRoot>().Select(e => e.Entity).Where(a => a.PendingEvents().Count > 0).ToList();
        var now = clock.GetUtcNow();
        foreach (var domainEvent in raised.SelectMany(a => a.PendingEvents()))
        {
            var message = OutboxMessage.For(domainEvent, now);
            db.OutboxMessages.Add(message);
            messages.Add((message, domainEvent));
        }
        return raised;
    }

    /// <summary>Saves, deleting the consumed outbox messages in the same transaction.</summary>
    private async Task SaveRecordedAsync(CancellationToken ct)
    {
        var consumed = consumption.MessageIds;
        foreach (var id in consumed) db.OutboxMessages.Attach(OutboxMessage.Stub(id)).State = EntityState.Deleted;
        try
        {
            await db.SaveChangesAsync(ct);
            consumption.MessageIds = []; // consumed: the command's later saves leave them alone
        }
        catch (DbUpdateConcurrencyException ex)
        {
            Discard(); // the retry reads fresh rows
            // A consumed message was gone (another consumer took it): the retry must not delete it again. Another row changed: the
            // retry's save still consumes the messages, else they would wait for the sweep with their work done.
            var gone = ex.Entries.Select(e => e.Entity).OfType<OutboxMessage>().Select(m => m.Id).ToHashSet();
            consumption.MessageIds = [.. consumed.Where(id => !gone.Contains(id))];
            throw new ConcurrencyConflictException("The row was changed by another writer.", ex);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            Discard(); // the retry still consumes the message
            throw new UniqueConstraintException("A unique key is taken.", ex);
        }
    }

    /// <summary>Runs <paramref name="body"/> (several commands) as one batch: one transaction, committed at the end; then the effects and
    /// events of the commands that succeeded in it. Through the provider's execution strategy, so SQL Server's retry on transient faults
    /// runs the whole batch again. On SQLite the batch holds the process's write gate throughout, so keep batches short.</summary>
    /// <param name="timeBudget">after this long <see cref="BatchShouldEnd"/> says so: the batch holds the write lock.</param>
    public async Task RunBatchAsync(Func<CancellationToken, Task> body, TimeSpan timeBudget, CancellationToken ct)
    {
        _batchBudget = timeBudget;
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async token =>
        {
            await BeginBatchAsync(token);
            try
            {
                await body(token);
                await CommitBatchAsync(token);
            }
            catch
            {
                await RollbackBatchAsync();
                throw;
            }
        }, ct);
        if (_handedOver)
        {
            // Another writer waits for the lock this batch just left; its continuation is queued on this thread. Let it run first and
            // this batch's effects follow from the shared queue (on the other core, if free): SQLite's one writer is the bottleneck, and
            // a hand-off that waits for the effects left it idle for a few hundred microseconds each time (docs/adr/0050-write-lock-hand-off.md).
            _handedOver = false;
            await Task.Yield();
        }
        var effects = _batchEffects.ToArray();
        var events = _batchEvents.ToArray();
        _batchEffects.Clear();
        _batchEvents.Clear();
        try
        {
            foreach (var effect in effects)
            {
                try
                {
                    await effect(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    LogEffectFailed(ex); // the effects of the batch's other commands still run
                }
            }
        }
        finally
        {
            foreach (var (id, domainEvent, parent, start) in events) outboxQueue.Enqueue(id, domainEvent, parent, start);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "An effect of a committed batch failed; the batch's other effects still run")]
    private partial void LogEffectFailed(Exception ex);

    private async Task BeginBatchAsync(CancellationToken ct)
    {
        if (_batch is not null) throw new InvalidOperationException("A batch is already open.");
        _handedOver = false;
        if (db.Database.IsSqlite())
        {
            await gate.EnterAsync(ct);
            _holdsGate = true;
        }
        try
        {
            _batch = await db.Database.BeginTransactionAsync(ct);
            _batchStarted = Stopwatch.GetTimestamp();
        }
        catch
        {
            LeaveGate();
            throw;
        }
    }

    /// <summary>A command of the batch has finished (its last save is a savepoint in the batch's transaction): the scope forgets the rows it
    /// tracked, so each later save of the batch detects changes among its own rows only, not among every row the batch has touched
    /// (docs/adr/0047-ingest-first.md). Later commands read those rows again, from the same transaction. Effects that change a row after
    /// the commit read it again and save it themselves.</summary>
    public void EndCommand()
    {
        if (_batch is not null) db.ChangeTracker.Clear();
    }

    /// <summary>A command of the batch failed outside its save: forget its changes and effects (the saved commands stay).</summary>
    public void AbandonCurrent()
    {
        db.ChangeTracker.Clear();
        _effects.Clear();
        consumption.MessageIds = [];
    }

    private async Task CommitBatchAsync(CancellationToken ct)
    {
        var batch = _batch ?? throw new InvalidOperationException("No batch is open.");
        try
        {
            await batch.CommitAsync(ct);
        }
        finally
        {
            await batch.DisposeAsync();
            _batch = null;
            LeaveGate();
        }
    }

    /// <summary>Gives up the whole batch (its commit failed, or the process is stopping): nothing of it is kept.</summary>
    private async Task RollbackBatchAsync()
    {
        if (_batch is { } batch)
        {
            _batch = null;
            try
            {
                await batch.RollbackAsync(CancellationToken.None);
            }
            finally
            {
                await batch.DisposeAsync();
                LeaveGate();
            }
        }
        db.ChangeTracker.Clear();
        _effects.Clear();
        _batchEffects.Clear();
        _batchEvents.Clear();
    }

    private void LeaveGate()
    {
        if (!_holdsGate) return;
        _holdsGate = false;
        _handedOver = gate.Leave();
    }

    /// <summary>The changes were refused as a whole: the scope forgets them (it may still read), and the effects that were to follow them.</summary>
    private void Discard()
    {
        db.ChangeTracker.Clear();
        _effects.Clear();
    }
}
