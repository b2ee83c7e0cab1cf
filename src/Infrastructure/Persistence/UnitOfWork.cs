using Microsoft.EntityFrameworkCore;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Common;
using SmsCallback.Infrastructure.Persistence.Outbox;
using SmsCallback.Infrastructure.Persistence.Repositories;
using SmsCallback.Infrastructure.Processing;

namespace SmsCallback.Infrastructure.Persistence;

/// <summary>The outbox message a scope's command consumes: deleted by that command's save, in the same transaction as its change.</summary>
internal sealed class OutboxConsumption
{
    public Guid? MessageId { get; set; }
}

/// <summary>Saves the scope's changes with the aggregates' domain events as outbox rows (and the consumed message's deletion) in one
/// transaction; after the commit runs the registered effects, then hands the new events to <see cref="OutboxProcessor"/>.</summary>
internal sealed class UnitOfWork(AppDbContext db, OutboxConsumption consumption, OutboxQueue outboxQueue, TimeProvider clock) : IUnitOfWork
{
    private readonly List<Func<CancellationToken, Task>> _effects = [];

    public void OnCommitted(Func<CancellationToken, Task> effect) => _effects.Add(effect);

    public async Task SaveChangesAsync(CancellationToken ct)
    {
        var raised = db.ChangeTracker.Entries<AggregateRoot>().Select(e => e.Entity).Where(a => a.PendingEvents().Count > 0).ToList();
        var messages = new List<(OutboxMessage Message, IDomainEvent Event)>();
        var now = clock.GetUtcNow();
        foreach (var domainEvent in raised.SelectMany(a => a.PendingEvents()))
        {
            var message = OutboxMessage.For(domainEvent, now);
            db.OutboxMessages.Add(message);
            messages.Add((message, domainEvent));
        }
        if (consumption.MessageId is { } consumed)
        {
            db.OutboxMessages.Attach(OutboxMessage.Stub(consumed)).State = EntityState.Deleted;
            consumption.MessageId = null; // once: a retry after a lost race does not delete it again
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            Discard(); // a row changed, or the consumed message was gone (another consumer took it): the retry reads fresh rows
            throw new ConcurrencyConflictException("The row was changed by another writer.", ex);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            Discard();
            throw new UniqueConstraintException("A unique key is taken.", ex);
        }
        foreach (var aggregate in raised) aggregate.ClearEvents();

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

    /// <summary>The changes were refused as a whole: the scope forgets them (it may still read), and the effects that were to follow them.</summary>
    private void Discard()
    {
        db.ChangeTracker.Clear();
        _effects.Clear();
    }
}
