using FluentValidation;
using SmsCallback.Domain.Billing;

namespace SmsCallback.Application.Tariffs;

/// <summary>A rate as the API takes it.</summary>
public sealed record TariffRateInput(string? Prefix, string? Description, decimal? PricePerMinute, decimal ConnectionFee, int MinimumSeconds,
    int IncrementSeconds);

public sealed record TariffRateView(string Prefix, string Description, decimal PricePerMinute, decimal ConnectionFee, int MinimumSeconds,
    int IncrementSeconds)
{
    public static TariffRateView From(TariffRate r) =>
        new(r.Prefix, r.Description, r.PricePerMinute, r.ConnectionFee, r.MinimumSeconds, r.IncrementSeconds);
}

public sealed record TariffView(Guid Id, string Name, string Currency, bool IsDefault, int Rates, long Version, DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    public static TariffView From(Tariff t, int rates) => new(t.Id, t.Name, t.Currency, t.IsDefault, rates, t.Version, t.CreatedAt, t.UpdatedAt);
}

/// <summary>Rules the tariff validators share; they mirror the domain's, so a bad request is a 400 with the field, never an exception.</summary>
public static class TariffRules
{
    public const int MaxRatesPerRequest = 100_000;

    public static IRuleBuilderOptions<T, string> MustBeTariffName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(Tariff.IsValidName).WithMessage($"A tariff name has 1 to {Tariff.MaxNameLength} characters.");

    public static IRuleBuilderOptions<T, string> MustBeCurrency<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(Tariff.IsValidCurrency).WithMessage("A currency is a 3-letter upper-case ISO 4217 code, such as EUR.");

    public static IRuleBuilderOptions<T, string?> MustBePrefix<T>(this IRuleBuilder<T, string?> rule) =>
        rule.Must(p => p is not null && TariffRate.IsValidPrefix(p))
            .WithMessage($"A prefix has 1 to {TariffRate.MaxPrefixLength} digits, without '+'.");

    /// <summary>The rate's own rules (as in <see cref="Rate"/>'s constructor), or null when it is valid.</summary>
    public static string? RateProblem(string? description, decimal? pricePerMinute, decimal connectionFee, int minimumSeconds, int incrementSeconds)
    {
        if ((description?.Trim().Length ?? 0) > TariffRate.MaxDescriptionLength)
            return $"A description has at most {TariffRate.MaxDescriptionLength} characters.";
        if (pricePerMinute is null) return "pricePerMinute is required.";
        if (pricePerMinute < 0) return "A price per minute cannot be negative.";
        if (connectionFee < 0) return "A connection fee cannot be negative.";
        if (minimumSeconds is < 0 or > 3600) return "Minimum seconds are between 0 and 3600.";
        if (incrementSeconds is < 1 or > 3600) return "Increment seconds are between 1 and 3600.";
        return null;
    }
}

public sealed class TariffRateInputValidator : AbstractValidator<TariffRateInput>
{
    public TariffRateInputValidator()
    {
        RuleFor(r => r.Prefix).MustBePrefix();
        RuleFor(r => r).Must(r => TariffRules.RateProblem(r.Description, r.PricePerMinute, r.ConnectionFee, r.MinimumSeconds, r.IncrementSeconds) is null)
            .WithName("rate")
            .WithMessage(r => TariffRules.RateProblem(r.Description, r.PricePerMinute, r.ConnectionFee, r.MinimumSeconds, r.IncrementSeconds)!);
    }
}
