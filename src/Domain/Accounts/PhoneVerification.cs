using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Accounts;

public enum CodeCheck { Accepted, Wrong, Expired, NoAttemptsLeft, Used }

/// <summary>A customer's claim on a number, waiting for the one-time code sent to it by SMS. Only a keyed hash of the code is kept.
/// Each code may be tried <see cref="MaxAttempts"/> times until <see cref="ExpiresAt"/>; a new code for the same number supersedes it.
/// Rows are kept after use: they count towards the limits on codes sent per account and per number.</summary>
public sealed class PhoneVerification
{
    public const int CodeLength = 6;
    public const int MaxCodeHashLength = 64;

    private PhoneVerification() { Number = ""; CodeHash = ""; }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }

    /// <summary>E.164, the number being claimed.</summary>
    public string Number { get; private set; }
    public string CodeHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public int MaxAttempts { get; private set; }

    /// <summary>Codes tried so far; also the optimistic concurrency token, so parallel guesses cannot all count as the first.</summary>
    public int Attempts { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    public int AttemptsLeft => Math.Max(0, MaxAttempts - Attempts);

    public static PhoneVerification Create(Guid accountId, string e164Number, string codeHash, DateTimeOffset now, TimeSpan lifetime, int maxAttempts)
    {
        if (!E164.IsValid(e164Number)) throw new DomainException($"'{e164Number}' is not an E.164 number.");
        if (string.IsNullOrEmpty(codeHash) || codeHash.Length > MaxCodeHashLength) throw new DomainException("A code hash is needed.");
        if (lifetime <= TimeSpan.Zero || maxAttempts < 1) throw new DomainException("A code lives for some time and may be tried at least once.");
        return new PhoneVerification
        {
            Id = Guid.CreateVersion7(now),
            AccountId = accountId,
            Number = e164Number,
            CodeHash = codeHash,
            CreatedAt = now,
            ExpiresAt = now + lifetime,
            MaxAttempts = maxAttempts,
        };
    }

    public static bool IsWellFormedCode(string? code) => code is { Length: CodeLength } && code.All(char.IsAsciiDigit);

    /// <summary>Whether a code may still be tried.</summary>
    public bool IsOpen(DateTimeOffset now) => CompletedAt is null && now < ExpiresAt && Attempts < MaxAttempts;

    /// <summary>A newer code for the same number replaces this one.</summary>
    public void Supersede(DateTimeOffset now)
    {
        if (CompletedAt is null && ExpiresAt > now) ExpiresAt = now;
    }

    /// <summary>Counts one try of a code; <paramref name="matches"/> is whether it equals this one (compared in constant time by the caller).</summary>
    public CodeCheck Try(bool matches, DateTimeOffset now)
    {
        if (CompletedAt is not null) return CodeCheck.Used;
        if (now >= ExpiresAt) return CodeCheck.Expired;
        if (Attempts >= MaxAttempts) return CodeCheck.NoAttemptsLeft;
        Attempts++;
        if (!matches) return CodeCheck.Wrong;
        CompletedAt = now;
        return CodeCheck.Accepted;
    }
}
