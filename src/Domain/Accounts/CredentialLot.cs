using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Accounts;

public enum LotState { Pending = 0, Running = 1, Completed = 2, Failed = 3 }

public enum PasswordAlphabet { Digits = 0, Alphanumeric = 1 }

/// <summary>A batch of generated prepaid accounts (docs/product.md §8). <see cref="Generated"/> counts the accounts committed so far; it is saved
/// in the same transaction as each batch of accounts and its sealed export chunk, so a restarted generation continues where it stopped.</summary>
public sealed class CredentialLot
{
    public const int MaxCount = 100_000;
    public const int MaxPrefixLength = 16;

    private CredentialLot() { LoginPrefix = ""; }

    public Guid Id { get; private set; }
    public int Requested { get; private set; }
    public int Generated { get; private set; }
    public string LoginPrefix { get; private set; }

    /// <summary>The number of random digits after the prefix.</summary>
    public int LoginLength { get; private set; }
    public int PasswordLength { get; private set; }
    public PasswordAlphabet PasswordAlphabet { get; private set; }
    public decimal InitialBalance { get; private set; }
    public Guid? TariffId { get; private set; }
    public AccountServices Services { get; private set; }
    public LotState State { get; private set; }
    public string? Error { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The language given to every account of the lot; none: the platform's default.</summary>
    public string? Language { get; private set; }

    public void ChangeLanguage(string? language) => Language = string.IsNullOrWhiteSpace(language) ? null : language.Trim().ToLowerInvariant();

    /// <summary>Whether the encrypted export (the only copy of the plaintext passwords) still exists.</summary>
    public bool HasExport { get; private set; }

    public int Percent => Requested == 0 ? 100 : (int)(100L * Generated / Requested);

    public static CredentialLot Create(int requested, string loginPrefix, int loginLength, int passwordLength, PasswordAlphabet alphabet,
        decimal initialBalance, Guid? tariffId, AccountServices services, DateTimeOffset now)
    {
        if (requested is < 1 or > MaxCount) throw new DomainException($"A lot has 1 to {MaxCount} accounts.");
        if (loginPrefix.Length > MaxPrefixLength) throw new DomainException($"A login prefix has at most {MaxPrefixLength} characters.");
        if (loginLength is < 4 or > 18) throw new DomainException("A login has 4 to 18 random digits.");
        if (passwordLength is < 4 or > 64) throw new DomainException("A password has 4 to 64 characters.");
        if (initialBalance < 0) throw new DomainException("An initial balance cannot be negative.");
        return new CredentialLot
        {
            Id = Guid.CreateVersion7(now), Requested = requested, LoginPrefix = loginPrefix, LoginLength = loginLength,
            PasswordLength = passwordLength, PasswordAlphabet = alphabet, InitialBalance = initialBalance, TariffId = tariffId,
            Services = services, State = LotState.Pending, CreatedAt = now, HasExport = true,
        };
    }

    public bool IsFinished => State is LotState.Completed or LotState.Failed;

    public int Remaining => Requested - Generated;

    public void RecordBatch(int count, DateTimeOffset now)
    {
        if (IsFinished) throw new DomainException("This lot is finished.");
        if (count < 1 || count > Remaining) throw new DomainException("A batch adds between one account and the remaining count.");
        State = LotState.Running;
        Generated += count;
        if (Generated == Requested) { State = LotState.Completed; CompletedAt = now; }
    }

    public void Fail(string reason, DateTimeOffset now)
    {
        if (IsFinished) return;
        State = LotState.Failed;
        Error = reason.Length <= 512 ? reason : reason[..512];
        CompletedAt = now;
    }

    public void ExportDeleted() => HasExport = false;
}
