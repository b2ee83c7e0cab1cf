namespace SmsCallback.Domain.Common;

/// <summary>A fact an aggregate records when it changes (a callback requested, a leg ended). It is saved with the change, in the same
/// transaction, and handled after the commit (docs/adr/0027-domain-events-through-an-outbox.md).</summary>
public interface IDomainEvent;

/// <summary>An aggregate that records <see cref="IDomainEvent"/>s. The unit of work collects them when it saves and clears them once committed.</summary>
public abstract class AggregateRoot
{
    private List<IDomainEvent>? _events;

    /// <summary>Events recorded since the last commit.</summary>
    public IReadOnlyList<IDomainEvent> PendingEvents() => _events is null ? [] : [.. _events];

    public void ClearEvents() => _events?.Clear();

    protected void Raise(IDomainEvent domainEvent) => (_events ??= []).Add(domainEvent);

    /// <summary>Takes back an event recorded since the last commit that a later change in the same unit of work made moot (a callback
    /// requested and handed to the switch before the save needs no consumer to hand it over).</summary>
    protected void Withdraw(IDomainEvent domainEvent) => _events?.Remove(domainEvent);

    /// <summary>Takes back every event recorded since the last commit that <paramref name="moot"/> says a later change made moot.</summary>
    protected void WithdrawAll(Predicate<IDomainEvent> moot) => _events?.RemoveAll(moot);
}
