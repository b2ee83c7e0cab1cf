using Microsoft.EntityFrameworkCore;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Infrastructure.Persistence.Repositories;

internal sealed class PhoneVerificationRepository(AppDbContext db) : IPhoneVerificationRepository
{
    public void Add(PhoneVerification verification) => db.PhoneVerifications.Add(verification);

    public Task<PhoneVerification?> FindNewestUnusedAsync(Guid accountId, string e164, CancellationToken ct) =>
        db.PhoneVerifications.Where(v => v.AccountId == accountId && v.Number == e164 && v.CompletedAt == null)
            .OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).FirstOrDefaultAsync(ct);

    public async Task<IReadOnlyList<PhoneVerification>> ListOpenForNumberAsync(string e164, DateTimeOffset now, CancellationToken ct) =>
        await db.PhoneVerifications.Where(v => v.Number == e164 && v.CompletedAt == null && v.ExpiresAt > now && v.Attempts < v.MaxAttempts)
            .OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).ToListAsync(ct);

    public async Task<IReadOnlyList<PhoneVerification>> ListOpenForAccountAsync(Guid accountId, DateTimeOffset now, CancellationToken ct) =>
        await db.PhoneVerifications.Where(v => v.AccountId == accountId && v.CompletedAt == null && v.ExpiresAt > now && v.Attempts < v.MaxAttempts)
            .OrderByDescending(v => v.CreatedAt).ThenByDescending(v => v.Id).ToListAsync(ct);

    public async Task<(int ToNumber, int ByAccount)> CountSentSinceAsync(string e164, Guid accountId, DateTimeOffset since, CancellationToken ct) =>
        (await db.PhoneVerifications.CountAsync(v => v.Number == e164 && v.CreatedAt >= since, ct),
         await db.PhoneVerifications.CountAsync(v => v.AccountId == accountId && v.CreatedAt >= since, ct));

    public Task<int> DeleteCreatedBeforeAsync(DateTimeOffset before, CancellationToken ct) =>
        db.PhoneVerifications.Where(v => v.CreatedAt < before).ExecuteDeleteAsync(ct);
}
