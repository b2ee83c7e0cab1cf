using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Billing;

/// <summary>A named list of prefix rates in one currency (docs/product.md §5). The rates are rows of their own (<see cref="TariffRate"/>), never
/// loaded through the tariff: a tariff may hold 100 000 of them. <see cref="Version"/> grows with every change to the tariff or its rates,
/// so every instance's rate index can tell that it is stale.</summary>
public sealed class Tariff
{
    public const int MaxNameLength = 100;

    private Tariff() { Name = ""; Currency = ""; }

    public Guid Id { get; private set; }
    public string Name { get; private set; }

    /// <summary>ISO 4217 code, three upper-case letters.</summary>
    public string Currency { get; private set; }

    /// <summary>The tariff of every account without one of its own.</summary>
    public bool IsDefault { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }

    /// <summary>Incremented on every change to the tariff or its rates; also its optimistic concurrency token.</summary>
    public long Version { get; private set; }

    public static Tariff Create(string name, string currency, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = ValidName(name),
        Currency = ValidCurrency(currency),
        CreatedAt = now,
        UpdatedAt = now,
        Version = 1,
    };

    public void Change(string name, string currency, DateTimeOffset now)
    {
        (Name, Currency) = (ValidName(name), ValidCurrency(currency));
        Touch(now);
    }

    public void MarkDefault(bool isDefault, DateTimeOffset now)
    {
        if (IsDefault == isDefault) return;
        IsDefault = isDefault;
        Touch(now);
    }

    /// <summary>Records a change to the tariff's rates.</summary>
    public void Touch(DateTimeOffset now)
    {
        UpdatedAt = now;
        Version++;
    }

    public static bool IsValidCurrency(string? currency) =>
        currency is { Length: 3 } && currency.All(char.IsAsciiLetterUpper);

    public static bool IsValidName(string? name) => !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= MaxNameLength;

    private static string ValidName(string name) =>
        IsValidName(name) ? name.Trim() : throw new DomainException($"A tariff name has 1 to {MaxNameLength} characters.");

    private static string ValidCurrency(string currency) =>
        IsValidCurrency(currency) ? currency : throw new DomainException("A currency is a 3-letter upper-case ISO 4217 code.");
}

/// <summary>One prefix of a tariff and how calls to it are charged. Unique per (tariff, prefix).</summary>
public sealed class TariffRate
{
    public const int MaxPrefixLength = 15;
    public const int MaxDescriptionLength = 100;

    private TariffRate() { Prefix = ""; Description = ""; }

    public Guid TariffId { get; private set; }

    /// <summary>1 to 15 digits, without '+': the start of the E.164 numbers it rates.</summary>
    public string Prefix { get; private set; }

    public string Description { get; private set; }
    public decimal PricePerMinute { get; private set; }
    public decimal ConnectionFee { get; private set; }
    public int MinimumSeconds { get; private set; }
    public int IncrementSeconds { get; private set; }

    /// <exception cref="DomainException">the prefix, the description or the rate (see <see cref="Rate"/>) is invalid.</exception>
    public static TariffRate Create(Guid tariffId, string prefix, string? description, decimal pricePerMinute, decimal connectionFee,
        int minimumSeconds, int incrementSeconds)
    {
        var rate = new TariffRate { TariffId = tariffId, Prefix = ValidPrefix(prefix) };
        rate.Change(description, pricePerMinute, connectionFee, minimumSeconds, incrementSeconds);
        return rate;
    }

    public void Change(string? description, decimal pricePerMinute, decimal connectionFee, int minimumSeconds, int incrementSeconds)
    {
        var checkedRate = new Rate(pricePerMinute, connectionFee, minimumSeconds, incrementSeconds); // the rules live in Rate
        description = description?.Trim() ?? "";
        if (description.Length > MaxDescriptionLength)
            throw new DomainException($"A description has at most {MaxDescriptionLength} characters.");
        Description = description;
        PricePerMinute = checkedRate.PricePerMinute;
        ConnectionFee = checkedRate.ConnectionFee;
        MinimumSeconds = checkedRate.MinimumSeconds;
        IncrementSeconds = checkedRate.IncrementSeconds;
    }

    public Rate ToRate() => new(PricePerMinute, ConnectionFee, MinimumSeconds, IncrementSeconds);

    public static bool IsValidPrefix(ReadOnlySpan<char> prefix) =>
        prefix.Length is >= 1 and <= MaxPrefixLength && !prefix.ContainsAnyExceptInRange('0', '9');

    private static string ValidPrefix(string prefix) =>
        IsValidPrefix(prefix) ? prefix : throw new DomainException($"A prefix has 1 to {MaxPrefixLength} digits, without '+'.");
}
