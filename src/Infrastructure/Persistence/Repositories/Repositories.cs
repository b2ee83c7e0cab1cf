using Microsoft.EntityFrameworkCore;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Ivr;
using SmsCallback.Domain.Forwarders;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Persistence.Repositories;

internal sealed class AccountRepository(AppDbContext db) : IAccountRepository
{
    public Task<Account?> GetAsync(Guid id, CancellationToken ct) => db.Accounts.FirstOrDefaultAsync(a => a.Id == id, ct);
    public Task<Account?> FindByLoginAsync(string login, CancellationToken ct) => db.Accounts.FirstOrDefaultAsync(a => a.Login == login, ct);
    public void Add(Account account) => db.Accounts.Add(account);
}

internal sealed class RegisteredPhoneRepository(AppDbContext db) : IRegisteredPhoneRepository
{
    public Task<RegisteredPhone?> FindByNumberAsync(string e164, CancellationToken ct) =>
        db.RegisteredPhones.FirstOrDefaultAsync(p => p.Number == e164, ct);

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

internal sealed class IvrSettingsRepository(AppDbContext db) : IIvrSettingsRepository
{
    public async Task<IvrSettings> GetAsync(CancellationToken ct) =>
        await db.IvrSettings.AsNoTracking().FirstOrDefaultAsync(ct) ?? IvrSettings.Default();

    public async Task<IvrSettings> GetForUpdateAsync(CancellationToken ct)
    {
        var settings = await db.IvrSettings.FirstOrDefaultAsync(ct);
        if (settings is null) db.IvrSettings.Add(settings = IvrSettings.Default());
        return settings;
    }
}

internal sealed class LoginFailureRepository(AppDbContext db) : ILoginFailureRepository
{
    public Task<int> CountSinceAsync(string key, DateTimeOffset since, CancellationToken ct) =>
        db.LoginFailures.CountAsync(f => f.Key == key && f.At > since, ct);

    public void Add(LoginFailure failure) => db.LoginFailures.Add(failure);

    public Task ClearAsync(string key, CancellationToken ct) => db.LoginFailures.Where(f => f.Key == key).ExecuteDeleteAsync(ct);
}

internal sealed class InboundSmsRepository(AppDbContext db) : IInboundSmsRepository
{
    public Task<InboundSms?> GetAsync(Guid id, CancellationToken ct) => db.InboundSms.FirstOrDefaultAsync(s => s.Id == id, ct);

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
    public Task<OutboundSms?> GetAsync(Guid id, CancellationToken ct) => db.OutboundSms.FirstOrDefaultAsync(s => s.Id == id, ct);

    public Task<bool> AnySentToSinceAsync(string to, OutboundSmsKind kind, DateTimeOffset since, CancellationToken ct) =>
        db.OutboundSms.AnyAsync(s => s.To == to && s.Kind == kind && s.CreatedAt >= since, ct);

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

    public void Add(OutboundSms sms) => db.OutboundSms.Add(sms);
}

internal sealed class CallbackRepository(AppDbContext db) : ICallbackRepository
{
    public Task<Callback?> GetAsync(Guid id, CancellationToken ct) => db.Callbacks.FirstOrDefaultAsync(c => c.Id == id, ct);

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

    public Task<int> CountByAccountSinceAsync(Guid accountId, DateTimeOffset since, CancellationToken ct) =>
        db.Callbacks.IgnoreAutoIncludes().CountAsync(c => c.AccountId == accountId && c.CreatedAt > since, ct);

    public Task<int> CountByRequesterSinceAsync(string requestedBy, DateTimeOffset since, CancellationToken ct) =>
        db.Callbacks.IgnoreAutoIncludes().CountAsync(c => c.RequestedBy == requestedBy && c.CreatedAt > since, ct);

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

internal sealed class UnitOfWork(AppDbContext db) : IUnitOfWork
{
    public async Task SaveChangesAsync(CancellationToken ct)
    {
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            db.ChangeTracker.Clear(); // the changes were refused as a whole; the scope may still read
            throw new ConcurrencyConflictException("The row was changed by another writer.", ex);
        }
        catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
        {
            db.ChangeTracker.Clear(); // the changes were refused as a whole; the scope may still read
            throw new UniqueConstraintException("A unique key is taken.", ex);
        }
    }
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
