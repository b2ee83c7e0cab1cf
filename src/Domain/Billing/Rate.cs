using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Billing;

/// <summary>How one destination prefix is charged: a connection fee once the call is answered, then the price per minute for the billed
/// seconds — the call's seconds raised to <see cref="MinimumSeconds"/> and then up to a multiple of <see cref="IncrementSeconds"/>.
/// An unanswered call costs nothing. Amounts are in the tariff's currency, rounded to 4 decimals.</summary>
public sealed record Rate
{
    public const int MaxSeconds = 24 * 3600;

    public Rate(decimal pricePerMinute, decimal connectionFee, int minimumSeconds, int incrementSeconds)
    {
        if (pricePerMinute < 0) throw new DomainException("A price per minute cannot be negative.");
        if (connectionFee < 0) throw new DomainException("A connection fee cannot be negative.");
        if (minimumSeconds is < 0 or > 3600) throw new DomainException("Minimum seconds are between 0 and 3600.");
        if (incrementSeconds is < 1 or > 3600) throw new DomainException("Increment seconds are between 1 and 3600.");
        PricePerMinute = pricePerMinute;
        ConnectionFee = connectionFee;
        MinimumSeconds = minimumSeconds;
        IncrementSeconds = incrementSeconds;
    }

    public decimal PricePerMinute { get; }
    public decimal ConnectionFee { get; }
    public int MinimumSeconds { get; }
    public int IncrementSeconds { get; }

    /// <summary>The seconds charged for a call that lasted <paramref name="seconds"/> after its answer (0: not answered).</summary>
    public int BilledSeconds(int seconds)
    {
        if (seconds <= 0) return 0;
        var billed = Math.Max(seconds, MinimumSeconds);
        return (billed + IncrementSeconds - 1) / IncrementSeconds * IncrementSeconds;
    }

    /// <summary>What a call that lasted <paramref name="seconds"/> after its answer costs (0 when not answered).</summary>
    public decimal Cost(int seconds)
    {
        var billed = BilledSeconds(seconds);
        return billed == 0 ? 0m : Math.Round(ConnectionFee + PricePerMinute * billed / 60m, 4, MidpointRounding.AwayFromZero);
    }

    /// <summary>The seconds a leg is charged for from its answer to its end: whole seconds rounded up, at least one once answered.</summary>
    public static int CallSeconds(DateTimeOffset? answeredAt, DateTimeOffset? endedAt)
    {
        if (answeredAt is not { } answered || endedAt is not { } ended) return 0;
        var seconds = (int)Math.Ceiling(Math.Min((ended - answered).TotalSeconds, MaxSeconds));
        return Math.Max(1, seconds);
    }
}

/// <summary>The rate a tariff gives a number: the tariff's longest prefix that starts the number (E.164 digits, no '+').</summary>
public sealed record TariffRateMatch(Guid TariffId, string Currency, string Prefix, string Description, Rate Rate);
