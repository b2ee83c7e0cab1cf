using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Common.Interfaces;

public interface IPhoneVerificationRepository
{
    void Add(PhoneVerification verification);

    /// <summary>The newest claim of the account on the number that has not been used, tracked; null when none.</summary>
    Task<PhoneVerification?> FindNewestUnusedAsync(Guid accountId, string e164, CancellationToken ct);

    /// <summary>Every account's newest unused claim on the number that is still open at <paramref name="now"/>, tracked.</summary>
    Task<IReadOnlyList<PhoneVerification>> ListOpenForNumberAsync(string e164, DateTimeOffset now, CancellationToken ct);

    /// <summary>The account's claims still open at <paramref name="now"/>, newest per number.</summary>
    Task<IReadOnlyList<PhoneVerification>> ListOpenForAccountAsync(Guid accountId, DateTimeOffset now, CancellationToken ct);

    /// <summary>Codes sent since <paramref name="since"/>: to the number (any account) and by the account (any number).</summary>
    Task<(int ToNumber, int ByAccount)> CountSentSinceAsync(string e164, Guid accountId, DateTimeOffset since, CancellationToken ct);

    /// <summary>Deletes claims created before <paramref name="before"/> (they no longer count towards any limit).</summary>
    Task<int> DeleteCreatedBeforeAsync(DateTimeOffset before, CancellationToken ct);
}

/// <summary>One-time codes for phone verification: random, and hashed with a secret key bound to the account and the number, so the
/// stored hash is useless without the key and cannot be moved to another claim.</summary>
public interface IPhoneCodes
{
    string NewCode();
    string Hash(Guid accountId, string e164, string code);

    /// <summary>Constant-time comparison of <paramref name="code"/>'s hash with <paramref name="hash"/>.</summary>
    bool Matches(string hash, Guid accountId, string e164, string code);
}
