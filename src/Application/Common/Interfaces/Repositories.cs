using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Forwarders;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Common.Interfaces;

/// <summary>Commits everything the repositories of one scope track, atomically.</summary>
public interface IUnitOfWork
{
    /// <exception cref="UniqueConstraintException">a unique key (login, phone number, message id, one reply per SMS) is taken.</exception>
    Task SaveChangesAsync(CancellationToken ct);
}

/// <summary>A unique key was taken by a concurrent or earlier write; the caller decides whether that is a no-op.</summary>
public sealed class UniqueConstraintException(string message, Exception inner) : Exception(message, inner);

/// <summary>Another writer changed the row first (optimistic concurrency).</summary>
public sealed class ConcurrencyConflictException(string message, Exception inner) : Exception(message, inner);

public interface IAccountRepository
{
    Task<Account?> GetAsync(Guid id, CancellationToken ct);
    Task<Account?> FindByLoginAsync(string login, CancellationToken ct);
    void Add(Account account);
}

public interface IRegisteredPhoneRepository
{
    Task<RegisteredPhone?> FindByNumberAsync(string e164, CancellationToken ct);
    Task<IReadOnlyList<RegisteredPhone>> ListByAccountAsync(Guid accountId, CancellationToken ct);
    Task<int> CountByAccountAsync(Guid accountId, CancellationToken ct);
    void Add(RegisteredPhone phone);
    void Remove(RegisteredPhone phone);
}

public interface IPhonebookRepository
{
    /// <summary>The account's entries in the customer's order.</summary>
    Task<IReadOnlyList<PhonebookEntry>> ListAsync(Guid accountId, CancellationToken ct);
    void Add(PhonebookEntry entry);
    void Remove(PhonebookEntry entry);
}

public interface IIvrSettingsRepository
{
    /// <summary>The installation's settings (the defaults until an admin saves them).</summary>
    Task<Domain.Ivr.IvrSettings> GetAsync(CancellationToken ct);

    /// <summary>The settings, tracked (added when none are stored yet), so the unit of work saves changes to them.</summary>
    Task<Domain.Ivr.IvrSettings> GetForUpdateAsync(CancellationToken ct);
}

public interface ILoginFailureRepository
{
    Task<int> CountSinceAsync(string key, DateTimeOffset since, CancellationToken ct);
    void Add(LoginFailure failure);
    Task ClearAsync(string key, CancellationToken ct);
}

public interface IInboundSmsRepository
{
    Task<InboundSms?> GetAsync(Guid id, CancellationToken ct);
    Task<InboundSms?> FindAsync(string channel, string externalId, CancellationToken ct);
    Task<IReadOnlyList<Guid>> ListPendingIdsAsync(DateTimeOffset storedBefore, int max, CancellationToken ct);
    Task<IReadOnlyList<InboundSms>> ListNewestAsync(int skip, int take, CancellationToken ct);
    void Add(InboundSms sms);
}

/// <summary>Parts of long SMS waiting for their group (ADR 0007).</summary>
public interface IInboundSmsPartRepository
{
    Task<IReadOnlyList<InboundSmsPart>> ListGroupAsync(string channel, string from, string reference, CancellationToken ct);
    Task<IReadOnlyList<(string Channel, string From, string Reference)>> ListWaitingGroupsStoredBeforeAsync(DateTimeOffset before, int max, CancellationToken ct);
    Task DeleteAssembledStoredBeforeAsync(DateTimeOffset before, CancellationToken ct);
    void Add(InboundSmsPart part);
}

public interface IOutboundSmsRepository
{
    Task<OutboundSms?> GetAsync(Guid id, CancellationToken ct);
    Task<bool> AnySentToSinceAsync(string to, OutboundSmsKind kind, DateTimeOffset since, CancellationToken ct);
    Task<IReadOnlyList<Guid>> ListUnsentIdsCreatedBeforeAsync(DateTimeOffset before, int max, CancellationToken ct);
    Task<IReadOnlyList<OutboundSms>> ListNewestAsync(int skip, int take, CancellationToken ct);

    /// <summary>SMS of <paramref name="channel"/> from <paramref name="from"/> handed over and awaiting the channel's result, oldest first.</summary>
    Task<IReadOnlyList<OutboundSms>> ListAwaitingResultAsync(string channel, string from, int max, CancellationToken ct);
    void Add(OutboundSms sms);
}

public interface ICallbackRepository
{
    Task<Callback?> GetAsync(Guid id, CancellationToken ct);
    Task<IReadOnlyList<Guid>> ListIdsInStateCreatedBeforeAsync(CallbackState state, DateTimeOffset before, int max, CancellationToken ct);
    Task<IReadOnlyList<Guid>> ListIdsInStatesUpdatedBeforeAsync(CallbackState[] states, DateTimeOffset before, int max, CancellationToken ct);
    Task<IReadOnlyList<Callback>> ListNewestAsync(CallbackState[]? states, int skip, int take, CancellationToken ct);
    Task<int> CountByAccountSinceAsync(Guid accountId, DateTimeOffset since, CancellationToken ct);
    Task<int> CountByRequesterSinceAsync(string requestedBy, DateTimeOffset since, CancellationToken ct);
    void Add(Callback callback);
}

public interface IForwarderRepository
{
    Task<Forwarder?> GetAsync(Guid id, CancellationToken ct);
    Task<Forwarder?> FindByAccessNumberAsync(string accessNumber, CancellationToken ct);
    Task<IReadOnlyList<Forwarder>> ListAsync(CancellationToken ct);
    void Add(Forwarder forwarder);
}
