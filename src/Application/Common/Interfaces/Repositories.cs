using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Forwarders;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Common.Interfaces;

/// <summary>Commits everything the repositories of one scope track, atomically, with the domain events the aggregates recorded (an outbox).
/// <see cref="Behaviours.UnitOfWorkBehaviour{TMessage,TResponse}"/> saves once after each command's handler; a handler saves by itself only
/// at a checkpoint, where a claim must be committed before something outside the database happens (docs/adr/0026-one-unit-of-work-per-command.md).</summary>
public interface IUnitOfWork
{
    /// <exception cref="UniqueConstraintException">a unique key (login, phone number, message id, one reply per SMS) is taken.</exception>
    /// <exception cref="ConcurrencyConflictException">another writer changed a row first; nothing was saved and the scope's tracking is cleared.</exception>
    Task SaveChangesAsync(CancellationToken ct);

    /// <summary>Runs <paramref name="effect"/> (a job handed over, the switch asked) right after the next successful commit, in the order
    /// registered; dropped if that save fails (a retried command registers it again).</summary>
    void OnCommitted(Func<CancellationToken, Task> effect);
}

/// <summary>A unique key was taken by a concurrent or earlier write; the caller decides whether that is a no-op.</summary>
public sealed class UniqueConstraintException(string message, Exception inner) : Exception(message, inner);

/// <summary>Another writer changed the row first (optimistic concurrency).</summary>
public sealed class ConcurrencyConflictException(string message, Exception inner) : Exception(message, inner);

/// <summary>What a request needs to know to accept a token or cookie of the account: is it active, and is the stamp still current.</summary>
public sealed record AccountSession(AccountRole Role, AccountStatus Status, Guid SecurityStamp);

public interface IAccountRepository
{
    Task<Account?> GetAsync(Guid id, CancellationToken ct);

    /// <summary>The account's session state, read without tracking (one primary-key lookup per authenticated request).</summary>
    Task<AccountSession?> FindSessionAsync(Guid id, CancellationToken ct);

    /// <summary>The account's language, read without tracking (the IVR's prompts, once per callback); null when there is no such account.</summary>
    Task<string?> FindLanguageAsync(Guid id, CancellationToken ct);
    Task<Account?> FindByLoginAsync(string login, CancellationToken ct);
    void Add(Account account);

    /// <summary>Which of <paramref name="logins"/> are taken already.</summary>
    Task<IReadOnlyList<string>> ExistingLoginsAsync(IReadOnlyCollection<string> logins, CancellationToken ct);

    /// <summary>Accounts whose login or one of whose registered phones contains <paramref name="search"/> (all without it), optionally of one lot, by login; and how many match.</summary>
    Task<(IReadOnlyList<Account> Page, int Total)> SearchAsync(string? search, Guid? lotId, int skip, int take, CancellationToken ct);

    /// <summary>The lot's accounts, tracked for changes.</summary>
    Task<IReadOnlyList<Account>> ListByLotAsync(Guid lotId, CancellationToken ct);

    /// <summary>Blocks or unblocks every account of a lot in one statement, ending the sign-ins of those that changed; returns how many changed.</summary>
    Task<int> SetStatusByLotAsync(Guid lotId, AccountStatus status, CancellationToken ct);

    /// <summary>Active customers whose balance is below <paramref name="threshold"/>, with their first registered phone (if any).</summary>
    Task<IReadOnlyList<(Account Account, string? FirstPhone)>> ListActiveWithBalanceBelowAsync(decimal threshold, CancellationToken ct);
}

public interface ILedgerRepository
{
    void Add(LedgerEntry entry);
    Task<decimal> SumAsync(Guid accountId, CancellationToken ct);

    /// <summary>What the account's calls cost since <paramref name="since"/> (a positive amount).</summary>
    Task<decimal> SumChargesSinceAsync(Guid accountId, DateTimeOffset since, CancellationToken ct);

    Task<(IReadOnlyList<LedgerEntry> Items, int Total)> ListNewestAsync(Guid accountId, int skip, int take, CancellationToken ct);
}

public interface IBlockedPrefixRepository
{
    Task<IReadOnlyList<Domain.Billing.BlockedPrefix>> ListAsync(CancellationToken ct);
    Task<Domain.Billing.BlockedPrefix?> GetAsync(string prefix, CancellationToken ct);

    /// <summary>True when a blocked prefix starts <paramref name="e164Number"/>.</summary>
    Task<bool> AnyPrefixOfAsync(string e164Number, CancellationToken ct);
    void Add(Domain.Billing.BlockedPrefix prefix);
    void Remove(Domain.Billing.BlockedPrefix prefix);
}

public interface ICredentialLotRepository
{
    Task<CredentialLot?> GetAsync(Guid id, CancellationToken ct);
    Task<IReadOnlyList<CredentialLot>> ListNewestAsync(int skip, int take, CancellationToken ct);

    /// <summary>The ids of the lots whose generation has not started (oldest first).</summary>
    Task<IReadOnlyList<Guid>> ListPendingIdsAsync(CancellationToken ct);
    void Add(CredentialLot lot);
    void AddChunk(LotExportChunk chunk);

    /// <summary>The lot's sealed export chunks in generation order.</summary>
    Task<IReadOnlyList<byte[]>> ListChunksAsync(Guid lotId, CancellationToken ct);

    /// <summary>Marks the lot's chunks for removal with the next save.</summary>
    Task RemoveChunksAsync(Guid lotId, CancellationToken ct);

    /// <summary>Whether any account of the lot made a call, registered a phone or keeps a phonebook.</summary>
    Task<bool> AnyAccountUsedAsync(Guid lotId, CancellationToken ct);

    /// <summary>Deletes the lot, its accounts, their ledger and the export, atomically.</summary>
    Task DeleteWithAccountsAsync(Guid lotId, CancellationToken ct);
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
    /// <summary>The installation's settings (the defaults until an admin saves them), as this instance last read them: at most a second
    /// old, and shared with other callers, so read them and do not change them (<see cref="GetForUpdateAsync"/> does).</summary>
    Task<Domain.Ivr.IvrSettings> GetAsync(CancellationToken ct);

    /// <summary>The settings, tracked (added when none are stored yet), so the unit of work saves changes to them.</summary>
    Task<Domain.Ivr.IvrSettings> GetForUpdateAsync(CancellationToken ct);
}

public interface ILoginFailureRepository
{
    Task<int> CountSinceAsync(string key, DateTimeOffset since, CancellationToken ct);
    void Add(LoginFailure failure);

    /// <summary>Stores the failure at once, committed on its own (not with the caller's unit of work), so concurrent requests see it.</summary>
    Task AddCommittedAsync(LoginFailure failure, CancellationToken ct);
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

    /// <summary>Stores the delivery report <paramref name="sms"/> just took (<see cref="OutboundSms.ApplyDeliveryReport"/>) in one conditional
    /// statement, only while the stored report is still behind it: two reports for one SMS arriving together (Kannel sends "accepted" and
    /// "delivered" within a millisecond) can never let the earlier one overwrite the later. Leaves the SMS's other columns to the sender's
    /// own save. False when the stored report was already as far.</summary>
    Task<bool> RecordDeliveryAsync(OutboundSms sms, CancellationToken ct);

    /// <summary>The channel and the access number an SMS left from, read without tracking (to verify its delivery report); null when unknown.</summary>
    Task<(string Channel, string? From)?> FindSenderAsync(Guid id, CancellationToken ct);
    Task<bool> AnySentToSinceAsync(string to, OutboundSmsKind kind, DateTimeOffset since, CancellationToken ct);

    /// <summary>SMS of <paramref name="kind"/> created since <paramref name="since"/>, from the access number <paramref name="from"/> or (null) from any.</summary>
    Task<int> CountSinceAsync(OutboundSmsKind kind, DateTimeOffset since, string? from, CancellationToken ct);
    Task<IReadOnlyList<Guid>> ListUnsentIdsCreatedBeforeAsync(DateTimeOffset before, int max, CancellationToken ct);
    Task<IReadOnlyList<OutboundSms>> ListNewestAsync(int skip, int take, CancellationToken ct);

    /// <summary>SMS of <paramref name="channel"/> from <paramref name="from"/> handed over and awaiting the channel's result, oldest first.</summary>
    Task<IReadOnlyList<OutboundSms>> ListAwaitingResultAsync(string channel, string from, int max, CancellationToken ct);

    /// <summary>SMS of <paramref name="channel"/> from <paramref name="from"/> sent (our side), newest first, tracked (a delivery report changes one).</summary>
    Task<IReadOnlyList<OutboundSms>> ListNewestSentFromAsync(string channel, string from, int max, CancellationToken ct);
    void Add(OutboundSms sms);
}

public interface ICallbackRepository
{
    Task<Callback?> GetAsync(Guid id, CancellationToken ct);
    Task<IReadOnlyList<Guid>> ListIdsInStateCreatedBeforeAsync(CallbackState state, DateTimeOffset before, int max, CancellationToken ct);
    Task<IReadOnlyList<Guid>> ListIdsInStatesUpdatedBeforeAsync(CallbackState[] states, DateTimeOffset before, int max, CancellationToken ct);
    Task<IReadOnlyList<Callback>> ListNewestAsync(CallbackState[]? states, int skip, int take, CancellationToken ct);
    /// <summary>The callbacks the account asked for since <paramref name="since"/>, counted in whole 10-second buckets: one requested up
    /// to 10 seconds before it may count too (docs/adr/0051-callback-rate-counts.md).</summary>
    Task<int> CountByAccountSinceAsync(Guid accountId, DateTimeOffset since, CancellationToken ct);

    /// <summary>The callbacks <paramref name="requestedBy"/> asked for since <paramref name="since"/>, counted as the account's are.</summary>
    Task<int> CountByRequesterSinceAsync(string requestedBy, DateTimeOffset since, CancellationToken ct);

    /// <summary>The account's callbacks still in progress (requested up to connected), other than <paramref name="except"/>.</summary>
    Task<int> CountActiveByAccountAsync(Guid accountId, Guid except, CancellationToken ct);
    void Add(Callback callback);
}

public interface IForwarderRepository
{
    Task<Forwarder?> GetAsync(Guid id, CancellationToken ct);
    Task<Forwarder?> FindByAccessNumberAsync(string accessNumber, CancellationToken ct);
    Task<IReadOnlyList<Forwarder>> ListAsync(CancellationToken ct);
    void Add(Forwarder forwarder);
}
