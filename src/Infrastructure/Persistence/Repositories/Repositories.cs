using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Billing;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Forwarders;
using SmsCallback.Domain.Ivr;
using SmsCallback.Domain.Sms;
using SmsCallback.Infrastructure.Persistence.RateCounts;

namespace SmsCallback.Infrastructure.Persistence.Repositories;

internal sealed class AccountRepository(AppDbContext db) : IAccountRepository
{
    public Task<Account?> GetAsync(Guid id, CancellationToken ct) => HotQueries.AccountById(db, id, ct);

    public Task<string?> FindLanguageAsync(Guid id, CancellationToken ct) => HotQueries.AccountLanguage(db, id, ct);

    public Task<AccountSession?> FindSessionAsync(Guid id, CancellationToken ct) =>
        db.Accounts.AsNoTracking().Where(a => a.Id == id).Select(a => new AccountSession(a.Role, a.Status, a.SecurityStamp)).FirstOrDefaultAsync(ct);
    public Task<Account?> FindByLoginAsync(string login, CancellationToken ct) => db.Accounts.FirstOrDefaultAsync(a => a.Login == login, ct);
    public void Add(Account account) => db.Accounts.Add(account);

    public async Task<IReadOnlyList<string>> ExistingLoginsAsync(IReadOnlyCollection<string> logins, CancellationToken ct) =>
        await db.Accounts.AsNoTracking().Where(a => logins.Contains(a.Login)).Select(a => a.Login).ToListAsync(ct);

    public async Task<(IReadOnlyList<Account> Page, int Total)> SearchAsync(string? search, Guid? lotId, int skip, int take, CancellationToken ct)
    {
        var query = db.Accounts.AsNoTracking();
        if (search is not null) query = query.Where(a => a.Login.Contains(search) || db.RegisteredPhones.Any(p => p.AccountId == a.Id && p.Number.Contains(search)));
        if (lotId is not null) query = query.Where(a => a.LotId == lotId);
        var total = await query.CountAsync(ct);
        return (await query.OrderBy(a => a.Login).Skip(skip).Take(take).ToListAsync(ct), total);
    }

    public async Task<IReadOnlyList<Account>> ListByLotAsync(Guid lotId, CancellationToken ct) =>
        await db.Accounts.Where(a => a.LotId == lotId).ToListAsync(ct);

    public Task<int> SetStatusByLotAsync(Guid lotId, AccountStatus status, CancellationToken ct)
    {
        var stamp = Guid.NewGuid(); // one new stamp for the changed accounts: each token still names its own account
        return db.Accounts.Where(a => a.LotId == lotId && a.Status != status)
            .ExecuteUpdateAsync(u => u.SetProperty(a => a.Status, status).SetProperty(a => a.SecurityStamp, stamp), ct);
    }

    public async Task<IReadOnlyList<(Account Account, string? FirstPhone)>> ListActiveWithBalanceBelowAsync(decimal threshold, CancellationToken ct)
    {
        var rows = await db.Accounts
            .Where(a => a.Status == AccountStatus.Active && a.Role == AccountRole.Client && a.Balance < threshold)
            .Select(a => new
            {
                Account = a,
                Phone = db.RegisteredPhones.Where(p => p.AccountId == a.Id).OrderBy(p => p.RegisteredAt).ThenBy(p => p.Id)
                    .Select(p => p.Number).FirstOrDefault(),
            })
            .ToListAsync(ct);
        return [.. rows.Select(r => (r.Account, (string?)r.Phone))];
    }
}

internal sealed class LedgerRepository(AppDbContext db) : ILedgerRepository
{
    public void Add(LedgerEntry entry) => db.LedgerEntries.Add(entry);

    public async Task<decimal> SumAsync(Guid accountId, CancellationToken ct) =>
        (await db.LedgerEntries.Where(e => e.AccountId == accountId).Select(e => e.Amount).ToListAsync(ct)).Sum(); // SQLite cannot SUM decimals

    public async Task<decimal> SumChargesSinceAsync(Guid accountId, DateTimeOffset since, CancellationToken ct) =>
        -(await db.LedgerEntries.Where(e => e.AccountId == accountId && e.Reason == LedgerReason.CallCharge && e.At >= since)
            .Select(e => e.Amount).ToListAsync(ct)).Sum();

    public async Task<(IReadOnlyList<LedgerEntry> Items, int Total)> ListNewestAsync(Guid accountId, int skip, int take, CancellationToken ct)
    {
        var query = db.LedgerEntries.AsNoTracking().Where(e => e.AccountId == accountId);
        var items = await query.OrderByDescending(e => e.At).ThenByDescending(e => e.Id).Skip(skip).Take(take).ToListAsync(ct);
        return (items, await query.CountAsync(ct));
    }
}

/// <remarks>Numbers are checked against <see cref="BlockedPrefixSet"/>, this instance's copy of the list; a change drops it at its commit.</remarks>
internal sealed class BlockedPrefixRepository(AppDbContext db, BlockedPrefixSet set, IUnitOfWork unitOfWork) : IBlockedPrefixRepository
{
    public async Task<IReadOnlyList<BlockedPrefix>> ListAsync(CancellationToken ct) =>
        await db.BlockedPrefixes.AsNoTracking().OrderBy(p => p.Prefix).ToListAsync(ct);

    public Task<BlockedPrefix?> GetAsync(string prefix, CancellationToken ct) => db.BlockedPrefixes.FirstOrDefaultAsync(p => p.Prefix == prefix, ct);

    public Task<bool> AnyPrefixOfAsync(string e164Number, CancellationToken ct) => set.AnyPrefixOfAsync(db, e164Number, ct);

    public void Add(BlockedPrefix prefix)
    {
        db.BlockedPrefixes.Add(prefix);
        set.InvalidateAtCommit(unitOfWork);
    }

    public void Remove(BlockedPrefix prefix)
    {
        db.BlockedPrefixes.Remove(prefix);
        set.InvalidateAtCommit(unitOfWork);
    }
}

internal sealed class CredentialLotRepository(AppDbContext db) : ICredentialLotRepository
{
    public Task<CredentialLot?> GetAsync(Guid id, CancellationToken ct) => db.CredentialLots.FirstOrDefaultAsync(l => l.Id == id, ct);

    public async Task<IReadOnlyList<CredentialLot>> ListNewestAsync(int skip, int take, CancellationToken ct) =>
        await db.CredentialLots.AsNoTracking().OrderByDescending(l => l.CreatedAt).ThenByDescending(l => l.Id).Skip(skip).Take(take).ToListAsync(ct);

    public async Task<IReadOnlyList<Guid>> ListPendingIdsAsync(CancellationToken ct) =>
        await db.CredentialLots.AsNoTracking().Where(l => l.State == LotState.Pending).OrderBy(l => l.CreatedAt).Select(l => l.Id).ToListAsync(ct);

    public void Add(CredentialLot lot) => db.CredentialLots.Add(lot);

    public void AddChunk(LotExportChunk chunk) => db.LotExportChunks.Add(chunk);

    public async Task<IReadOnlyList<byte[]>> ListChunksAsync(Guid lotId, CancellationToken ct) =>
        await db.LotExportChunks.AsNoTracking().Where(c => c.LotId == lotId).OrderBy(c => c.Offset).Select(c => c.Sealed).ToListAsync(ct);

    public async Task RemoveChunksAsync(Guid lotId, CancellationToken ct) =>
        db.LotExportChunks.RemoveRange(await db.LotExportChunks.Where(c => c.LotId == lotId).ToListAsync(ct));

    public async Task<bool> AnyAccountUsedAsync(Guid lotId, CancellationToken ct)
    {
        var members = db.Accounts.Where(a => a.LotId == lotId).Select(a => a.Id);
        return await db.Callbacks.IgnoreAutoIncludes().AnyAsync(c => members.Contains(c.AccountId), ct)
            || await db.RegisteredPhones.AnyAsync(p => members.Contains(p.AccountId), ct)
            || await db.PhonebookEntries.AnyAsync(e => members.Contains(e.AccountId), ct);
    }

    public async Task DeleteWithAccountsAsync(Guid lotId, CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            var members = db.Accounts.Where(a => a.LotId == lotId).Select(a => a.Id);
            await db.LedgerEntries.Where(e => members.Contains(e.AccountId)).ExecuteDeleteAsync(ct);
            await db.Accounts.Where(a => a.LotId == lotId).ExecuteDeleteAsync(ct);
            await db.LotExportChunks.Where(c => c.LotId == lotId).ExecuteDeleteAsync(ct);
            await db.CredentialLots.Where(l => l.Id == lotId).ExecuteDeleteAsync(ct);
            await transaction.CommitAsync(ct);
        });
    }
}

internal sealed class RegisteredPhoneRepository(AppDbContext db) : IRegisteredPhoneRepository
{
    public Task<RegisteredPhone?> FindByNumberAsync(string e164, CancellationToken ct) =>
        HotQueries.RegisteredPhoneByNumber(db, e164, ct);

    public async Task<IReadOnlyList<RegisteredPhone>> ListByAccountAsync(Guid accountId, CancellationToken ct) =>
        await db.RegisteredPhones.Where(p => p.AccountId == accountId).OrderBy(p => p.RegisteredAt).ThenBy(p => p.Id).ToListAsync(ct);

    public Task<int> CountByAccountAsync(Guid accountId, CancellationToken ct) => db.RegisteredPhones.CountAsync(p => p.AccountId == accountId, ct);

    public void Add(RegisteredPhone phone) => db.RegisteredPhones.Add(phone);

    public void Remove(RegisteredPhone phone) => db.RegisteredPhones.Remove(phone);
}

internal sealed class PhonebookRepository(AppDbContext db) : IPhonebookRepository
{
    public async Task<IReadOnlyList<PhonebookEntry>> ListAsync(Guid accountId, CancellationToken ct) =>
        await db.PhonebookEntries.Where(e => e.AccountId == accountId).OrderBy(e => e.Position).ThenBy(e => e.Id).ToListAsync(ct);

    public void Add(PhonebookEntry entry) => db.PhonebookEntries.Add(entry);

    public void Remove(PhonebookEntry entry) => db.PhonebookEntries.Remove(entry);
}

/// <summary>The IVR settings are read at every switch event of every call: kept as a <see cref="RefreshedCopy{T}"/> (read-only, shared).</summary>
internal sealed class IvrSettingsRepository(AppDbContext db, RefreshedCopy<IvrSettings> copy, IUnitOfWork unitOfWork) : IIvrSettingsRepository
{
    public Task<IvrSettings> GetAsync(CancellationToken ct) =>
        copy.GetAsync(async token => await db.IvrSettings.AsNoTracking().FirstOrDefaultAsync(token) ?? IvrSettings.Default(), ct);

    public async Task<IvrSettings> GetForUpdateAsync(CancellationToken ct)
    {
        var settings = await db.IvrSettings.FirstOrDefaultAsync(ct);
        if (settings is null) db.IvrSettings.Add(settings = IvrSettings.Default());
        copy.InvalidateAtCommit(unitOfWork);
        return settings;
    }
}

internal sealed class LoginFailureRepository(AppDbContext db, IServiceScopeFactory scopes) : ILoginFailureRepository
{
    public async Task AddCommittedAsync(LoginFailure failure, CancellationToken ct)
    {
        // Its own context: the caller's unit of work may hold changes that must not be committed with it.
        await using var scope = scopes.CreateAsyncScope();
        var own = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        own.LoginFailures.Add(failure);
        await own.SaveChangesAsync(ct);
    }

    public Task<int> CountSinceAsync(string key, DateTimeOffset since, CancellationToken ct) =>
        db.LoginFailures.CountAsync(f => f.Key == key && f.At > since, ct);

    public void Add(LoginFailure failure) => db.LoginFailures.Add(failure);

    public Task ClearAsync(string key, CancellationToken ct) => db.LoginFailures.Where(f => f.Key == key).ExecuteDeleteAsync(ct);
}

internal sealed class InboundSmsRepository(AppDbContext db) : IInboundSmsRepository
{
    public Task<InboundSms?> GetAsync(Guid id, CancellationToken ct) => HotQueries.InboundSmsById(db, id, ct);

    public Task<InboundSms?> FindAsync(string channel, string externalId, CancellationToken ct) =>
        db.InboundSms.FirstOrDefaultAsync(s => s.Channel == channel && s.ExternalId == externalId, ct);

    public async Task<IReadOnlyList<Guid>> ListPendingIdsAsync(DateTimeOffset storedBefore, int max, CancellationToken ct) =>
        await db.InboundSms.AsNoTracking().Where(s => s.Status == InboundSmsStatus.Pending && s.StoredAt < storedBefore)
            .OrderBy(s => s.StoredAt).Select(s => s.Id).Take(max).ToListAsync(ct);

    public async Task<IReadOnlyList<InboundSms>> ListNewestAsync(int skip, int take, CancellationToken ct) =>
        await db.InboundSms.AsNoTracking().OrderByDescending(s => s.StoredAt).ThenByDescending(s => s.Id).Skip(skip).Take(take).ToListAsync(ct);

    public void Add(InboundSms sms) => db.InboundSms.Add(sms);
}

internal sealed class OutboundSmsRepository(AppDbContext db) : IOutboundSmsRepository
{
    public Task<OutboundSms?> GetAsync(Guid id, CancellationToken ct) => HotQueries.OutboundSmsById(db, id, ct);

    public async Task<bool> RecordDeliveryAsync(OutboundSms sms, CancellationToken ct)
    {
        db.Entry(sms).State = EntityState.Detached; // written here, not by the unit of work's save of the whole row
        var reported = sms.Delivery;
        return await db.OutboundSms
            .Where(s => s.Id == sms.Id && s.Delivery < reported && s.Delivery < OutboundSmsDelivery.Delivered)
            .ExecuteUpdateAsync(set =>
            {
                set.SetProperty(s => s.Delivery, reported).SetProperty(s => s.CarrierStatus, sms.CarrierStatus)
                    .SetProperty(s => s.CarrierErrorCode, sms.CarrierErrorCode).SetProperty(s => s.ReportedAt, sms.ReportedAt);
                if (reported == OutboundSmsDelivery.Delivered) set.SetProperty(s => s.DeliveredAt, sms.DeliveredAt);
                if (reported == OutboundSmsDelivery.Failed) set.SetProperty(s => s.FailedAt, sms.FailedAt);
            }, ct) == 1;
    }

    public async Task<(string Channel, string? From)?> FindSenderAsync(Guid id, CancellationToken ct) =>
        await db.OutboundSms.AsNoTracking().Where(s => s.Id == id).Select(s => new { s.Channel, s.From }).FirstOrDefaultAsync(ct) is { } found
            ? (found.Channel, found.From) : null;

    public Task<bool> AnySentToSinceAsync(string to, OutboundSmsKind kind, DateTimeOffset since, CancellationToken ct) =>
        db.OutboundSms.AnyAsync(s => s.To == to && s.Kind == kind && s.CreatedAt >= since, ct);

    public Task<int> CountSinceAsync(OutboundSmsKind kind, DateTimeOffset since, string? from, CancellationToken ct) => from is null
        ? db.OutboundSms.CountAsync(s => s.Kind == kind && s.CreatedAt >= since, ct)
        : db.OutboundSms.CountAsync(s => s.Kind == kind && s.CreatedAt >= since && s.From == from, ct);

    public async Task<IReadOnlyList<Guid>> ListUnsentIdsCreatedBeforeAsync(DateTimeOffset before, int max, CancellationToken ct) =>
        await db.OutboundSms.AsNoTracking()
            .Where(s => (s.Status == OutboundSmsStatus.Queued || s.Status == OutboundSmsStatus.Sending) && s.CreatedAt < before)
            .OrderBy(s => s.CreatedAt).Select(s => s.Id).Take(max).ToListAsync(ct);

    public async Task<IReadOnlyList<OutboundSms>> ListNewestAsync(int skip, int take, CancellationToken ct) =>
        await db.OutboundSms.AsNoTracking().OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).Skip(skip).Take(take).ToListAsync(ct);

    public async Task<IReadOnlyList<OutboundSms>> ListAwaitingResultAsync(string channel, string from, int max, CancellationToken ct) =>
        await db.OutboundSms.AsNoTracking()
            .Where(s => s.Status == OutboundSmsStatus.AwaitingResult && s.Channel == channel && s.From == from)
            .OrderBy(s => s.CreatedAt).Take(max).ToListAsync(ct);

    public async Task<IReadOnlyList<OutboundSms>> ListNewestSentFromAsync(string channel, string from, int max, CancellationToken ct) =>
        await db.OutboundSms.Where(s => s.Status == OutboundSmsStatus.Sent && s.Channel == channel && s.From == from)
            .OrderByDescending(s => s.CreatedAt).Take(max).ToListAsync(ct);

    public void Add(OutboundSms sms) => db.OutboundSms.Add(sms);
}

internal sealed class CallbackRepository(AppDbContext db) : ICallbackRepository
{
    public Task<Callback?> GetAsync(Guid id, CancellationToken ct) => HotQueries.CallbackById(db, id, ct);

    public async Task<IReadOnlyList<Guid>> ListIdsInStateCreatedBeforeAsync(CallbackState state, DateTimeOffset before, int max, CancellationToken ct) =>
        await db.Callbacks.AsNoTracking().IgnoreAutoIncludes().Where(c => c.State == state && c.CreatedAt < before)
            .OrderBy(c => c.CreatedAt).Select(c => c.Id).Take(max).ToListAsync(ct);

    public async Task<IReadOnlyList<Guid>> ListIdsInStatesUpdatedBeforeAsync(CallbackState[] states, DateTimeOffset before, int max, CancellationToken ct) =>
        await db.Callbacks.AsNoTracking().IgnoreAutoIncludes().Where(c => states.Contains(c.State) && c.UpdatedAt < before)
            .OrderBy(c => c.UpdatedAt).Select(c => c.Id).Take(max).ToListAsync(ct);

    public async Task<IReadOnlyList<Callback>> ListNewestAsync(CallbackState[]? states, int skip, int take, CancellationToken ct)
    {
        var query = db.Callbacks.AsNoTracking().AsSplitQuery();
        if (states is not null) query = query.Where(c => states.Contains(c.State));
        return await query.OrderByDescending(c => c.CreatedAt).ThenByDescending(c => c.Id).Skip(skip).Take(take).ToListAsync(ct);
    }

    /// <summary>Sums the account's 10-second buckets since <paramref name="since"/> (docs/adr/0051-callback-rate-counts.md): at most one
    /// row per bucket of the window, however many callbacks the account made in it.</summary>
    public Task<int> CountByAccountSinceAsync(Guid accountId, DateTimeOffset since, CancellationToken ct) =>
        SumSinceAsync(CallbackRateCount.AccountScope(accountId), since, ct);

    public Task<int> CountByRequesterSinceAsync(string requestedBy, DateTimeOffset since, CancellationToken ct) =>
        SumSinceAsync(CallbackRateCount.RequesterScope(requestedBy), since, ct);

    private Task<int> SumSinceAsync(string scope, DateTimeOffset since, CancellationToken ct) =>
        HotQueries.CallbackCountSince(db, scope, CallbackRateCount.BucketOf(since), ct);

    /// <summary>Seeks the account's callbacks in progress in the (AccountId, State) index: the cost follows those, not every callback the
    /// account ever made.</summary>
    public Task<int> CountActiveByAccountAsync(Guid accountId, Guid except, CancellationToken ct) =>
        db.Callbacks.IgnoreAutoIncludes().CountAsync(c => c.AccountId == accountId && EF.Constant(CallbackStates.InProgress).Contains(c.State) && c.Id != except, ct);

    public void Add(Callback callback) => db.Callbacks.Add(callback);
}

internal sealed class ForwarderRepository(AppDbContext db) : IForwarderRepository
{
    public Task<Forwarder?> GetAsync(Guid id, CancellationToken ct) => db.Forwarders.FirstOrDefaultAsync(f => f.Id == id, ct);

    public Task<Forwarder?> FindByAccessNumberAsync(string accessNumber, CancellationToken ct) =>
        db.Forwarders.FirstOrDefaultAsync(f => f.AccessNumber == accessNumber, ct);

    public async Task<IReadOnlyList<Forwarder>> ListAsync(CancellationToken ct) =>
        await db.Forwarders.AsNoTracking().OrderBy(f => f.Name).ThenBy(f => f.Id).ToListAsync(ct);

    public void Add(Forwarder forwarder) => db.Forwarders.Add(forwarder);
}

internal static class DatabaseErrors
{
    public static bool IsUniqueViolation(DbUpdateException ex) => ex.InnerException switch
    {
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteErrorCode == 19 && sqlite.SqliteExtendedErrorCode is 2067 or 1555,
        Microsoft.Data.SqlClient.SqlException sql => sql.Number is 2601 or 2627,
        _ => false,
    };
}
