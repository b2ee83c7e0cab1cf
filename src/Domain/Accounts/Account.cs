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

    /// <summary>The tariff that rates the account's calls (tariffs arrive with billing; until then a plain id).</summary>
    public Guid? TariffId { get; private set; }

    /// <summary>How far below zero the balance may go.</summary>
    public decimal CreditLimit { get; private set; }

    public AccountServices Services { get; private set; } = AccountServices.All;

    public int MaxConcurrentCallbacks { get; private set; } = DefaultMaxConcurrentCallbacks;

    public const int DefaultMaxConcurrentCallbacks = 1;

    /// <summary>The credential lot the account was generated in, if any.</summary>
    public Guid? LotId { get; private set; }

    public const int MaxLanguageLength = 8;

    /// <summary>The language of the customer's SMS replies and IVR prompts: a lowercase code of a shipped or added language ("en", "pl").
    /// Until chosen (<see cref="LanguageChosen"/>) it is the platform's default, and the access number the customer first writes to may
    /// set it (docs/languages.md).</summary>
    public string Language { get; private set; } = "en";

    /// <summary>Whether someone chose <see cref="Language"/> (the operator, a lot, the customer's <c>L.</c>, or an access number's language
    /// adopted once); a chosen language is never replaced by a default.</summary>
    public bool LanguageChosen { get; private set; }

    /// <summary>Sets the language; <paramref name="chosen"/> false gives only a default, which an access number's language may replace.</summary>
    public void ChangeLanguage(string language, bool chosen = true)
    {
        var code = language.Trim().ToLowerInvariant();
        if (code.Length is < 2 or > MaxLanguageLength || !code.All(c => char.IsAsciiLetterLower(c) || c == '-'))
            throw new DomainException($"A language is a code of 2 to {MaxLanguageLength} letters, such as en or pl.");
        Language = code;
        LanguageChosen = chosen;
    }

    /// <summary>The language of the access number the customer wrote to, taken once when nobody chose one. True when it changed.</summary>
    public bool AdoptLanguage(string language)
    {
        if (LanguageChosen) return false;
        var changed = Language != language;
        ChangeLanguage(language);
        return changed;
    }

    /// <summary>Changes whenever the account's sign-ins must end: a password change or reset, blocking, unblocking. Every token and
    /// dashboard cookie carries the stamp it was issued with and is refused once it differs (docs/adr/0017-sign-in-lockout-and-security-stamp.md).</summary>
    public Guid SecurityStamp { get; private set; }

    /// <summary>Optimistic concurrency token: every balance change increments it, so two concurrent top-ups cannot both win.</summary>
    public long Version { get; private set; }

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
            SecurityStamp = Guid.NewGuid(),
            CreatedAt = now,
            Currency = currency.Length == 3 ? currency.ToUpperInvariant() : throw new DomainException("A currency is a 3-letter ISO 4217 code."),
        };
    }

    /// <summary>An account generated in a credential lot.</summary>
    public static Account CreateInLot(Guid lotId, string login, string passwordHash, Guid? tariffId, AccountServices services, DateTimeOffset now)
    {
        var account = Create(login, passwordHash, AccountRole.Client, now);
        account.LotId = lotId;
        account.TariffId = tariffId;
        account.Services = services;
        return account;
    }

    public void ChangeSettings(decimal creditLimit, AccountServices services, int maxConcurrentCallbacks)
    {
        if (creditLimit < 0) throw new DomainException("A credit limit cannot be negative.");
        if (maxConcurrentCallbacks < 0) throw new DomainException("The maximum of concurrent callbacks cannot be negative.");
        CreditLimit = creditLimit;
        Services = services;
        MaxConcurrentCallbacks = maxConcurrentCallbacks;
    }

    /// <summary>Changes the balance by <paramref name="amount"/> and returns the ledger entry that records it; both are saved together.</summary>
    public LedgerEntry Post(decimal amount, LedgerReason reason, string? note, DateTimeOffset now)
    {
        var entry = LedgerEntry.Create(Id, amount, reason, note, now);
        Balance += amount;
        Version++;
        return entry;
    }

    /// <summary>Credit held for callbacks in progress (the cost of the longest call each may still make). Part of the balance that
    /// new callbacks cannot use; released when the legs are charged.</summary>
    public decimal Reserved { get; private set; }

    /// <summary>What new callbacks may still spend: balance + credit limit − open reservations.</summary>
    public decimal Available => Balance + CreditLimit - Reserved;

    /// <summary>The most the account may spend on calls per UTC day; none when null.</summary>
    public decimal? DailySpendCap { get; private set; }

    private List<string> _allowedPrefixes = [];

    /// <summary>When not empty, calls go only to numbers starting with one of these prefixes (E.164 digits, no '+').</summary>
    public IReadOnlyList<string> AllowedPrefixes => _allowedPrefixes;

    public const int MaxAllowedPrefixes = 200;

    public void ChangeFraudControls(IReadOnlyCollection<string> allowedPrefixes, decimal? dailySpendCap)
    {
        if (dailySpendCap < 0) throw new DomainException("A daily spend cap cannot be negative.");
        if (allowedPrefixes.Count > MaxAllowedPrefixes) throw new DomainException($"At most {MaxAllowedPrefixes} allowed prefixes.");
        if (allowedPrefixes.Any(p => !Billing.Prefixes.IsValid(p))) throw new DomainException("A prefix is 1 to 15 digits.");
        _allowedPrefixes = [.. allowedPrefixes.Distinct().Order(StringComparer.Ordinal)];
        DailySpendCap = dailySpendCap;
    }

    /// <summary>Holds credit for a callback (a negative amount gives some back). Saved with the callback that holds it.</summary>
    public void Reserve(decimal amount)
    {
        if (Reserved + amount < 0) throw new DomainException("More credit released than reserved.");
        Reserved += amount;
        Version++;
    }

    /// <summary>Charges a rated call leg: the cost leaves the balance (a ledger entry) and <paramref name="release"/> of the callback's
    /// reservation is given back. Returns the ledger entry, or null for a leg that cost nothing.</summary>
    public LedgerEntry? Charge(decimal cost, decimal release, string note, DateTimeOffset now)
    {
        if (cost < 0) throw new DomainException("A call cannot cost less than nothing.");
        Reserve(-release);
        if (cost == 0) return null;
        return Post(-cost, LedgerReason.CallCharge, note, now);
    }

    /// <summary>Whether the customer gets an SMS saying why a callback failed (docs/callback-policies.md); on by default.</summary>
    public bool NotifyFailures { get; private set; } = true;

    public void ChangeFailureNotices(bool notify) => NotifyFailures = notify;

    /// <summary>When the last low-balance notice was sent (at most one per UTC day).</summary>
    public DateTimeOffset? LowBalanceNoticeAt { get; private set; }

    /// <returns>false if a notice was sent already on the UTC day of <paramref name="now"/>.</returns>
    public bool TryMarkLowBalanceNotice(DateTimeOffset now)
    {
        if (LowBalanceNoticeAt is { } last && last.UtcDateTime.Date == now.UtcDateTime.Date) return false;
        LowBalanceNoticeAt = now;
        return true;
    }

    /// <summary>A new password: every earlier sign-in ends.</summary>
    public void ChangePasswordHash(string passwordHash)
    {
        UpgradePasswordHash(passwordHash);
        SecurityStamp = Guid.NewGuid();
    }

    /// <summary>The same password hashed with newer parameters; sign-ins go on.</summary>
    public void UpgradePasswordHash(string passwordHash)
    {
        if (string.IsNullOrEmpty(passwordHash)) throw new DomainException("An account needs a password hash.");
        PasswordHash = passwordHash;
    }

    /// <summary>Blocks the account and ends its sign-ins.</summary>
    public void Block() => ChangeStatus(AccountStatus.Blocked);

    /// <summary>Unblocks the account; sign-ins from before the block stay ended.</summary>
    public void Unblock() => ChangeStatus(AccountStatus.Active);

    private void ChangeStatus(AccountStatus status)
    {
        if (Status == status) return;
        Status = status;
        SecurityStamp = Guid.NewGuid();
    }

    /// <summary>What leg A (the customer's phone) shows when called back: overrides the access number's choice (docs/switches.md, Caller ID).</summary>
    public string? CallerIdA { get; private set; }

    /// <summary>What leg B (the number the customer calls) shows: overrides the access number's choice; by default the customer's own number.</summary>
    public string? CallerIdB { get; private set; }

    /// <summary>Both caller IDs at once, E.164 or null for "not set here".</summary>
    public void ChangeCallerIds(string? legA, string? legB)
    {
        CallerIds.Check(legA, legB);
        (CallerIdA, CallerIdB) = (legA, legB);
    }

    /// <summary>Rates the account on <paramref name="tariffId"/>; the account's currency follows the tariff's. Currencies are kept apart:
    /// the currency can change only while the account holds no money (callers also check that it has no ledger entries).</summary>
    public void AssignTariff(Guid tariffId, string currency)
    {
        if (currency is not { Length: 3 } || !currency.All(char.IsAsciiLetterUpper))
            throw new DomainException("A currency is a 3-letter upper-case ISO 4217 code.");
        if (currency != Currency && Balance != 0)
            throw new DomainException("An account with a balance cannot change its currency.");
        TariffId = tariffId;
        Currency = currency;
        Version++; // a concurrent top-up in the old currency now conflicts
    }
}
