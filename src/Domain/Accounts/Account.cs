using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Accounts;

public enum AccountRole { Client = 0, Admin = 1 }

public enum AccountStatus { Active = 0, Blocked = 1 }

/// <summary>A customer ("callback client") or an operator. Only a salted slow hash of the password is ever kept.</summary>
public sealed class Account
{
    public const int MaxLoginLength = 64;

    private Account() { Login = ""; PasswordHash = ""; }

    public Guid Id { get; private set; }
    public string Login { get; private set; }
    public string PasswordHash { get; private set; }
    public AccountRole Role { get; private set; }
    public AccountStatus Status { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The prepaid balance in <see cref="Currency"/>. Billing keeps it equal to the sum of the account's ledger.</summary>
    public decimal Balance { get; private set; }

    /// <summary>ISO 4217 code of the account's tariff.</summary>
    public string Currency { get; private set; } = DefaultCurrency;

    public const string DefaultCurrency = "EUR";

    public bool IsActive => Status == AccountStatus.Active;

    public static Account Create(string login, string passwordHash, AccountRole role, DateTimeOffset now, string currency = DefaultCurrency)
    {
        if (string.IsNullOrWhiteSpace(login) || login.Length > MaxLoginLength)
            throw new DomainException($"A login has 1 to {MaxLoginLength} characters.");
        if (string.IsNullOrEmpty(passwordHash))
            throw new DomainException("An account needs a password hash.");
        return new Account
        {
            Id = Guid.CreateVersion7(now),
            Login = login,
            PasswordHash = passwordHash,
            Role = role,
            Status = AccountStatus.Active,
            CreatedAt = now,
            Currency = currency.Length == 3 ? currency.ToUpperInvariant() : throw new DomainException("A currency is a 3-letter ISO 4217 code."),
        };
    }

    public void ChangePasswordHash(string passwordHash)
    {
        if (string.IsNullOrEmpty(passwordHash)) throw new DomainException("An account needs a password hash.");
        PasswordHash = passwordHash;
    }

    public void Block() => Status = AccountStatus.Blocked;

    public void Unblock() => Status = AccountStatus.Active;
}
