using FluentValidation;

namespace SmsCallback.Application.Common.Phones;

/// <summary>A caller ID as an operator writes it: empty for "none set here", otherwise any phone number the normaliser reads.</summary>
public static class CallerIdInput
{
    public static IRuleBuilderOptions<T, string?> MustBeCallerId<T>(this IRuleBuilder<T, string?> rule, PhoneNumberNormalizer phones) =>
        rule.Must(n => string.IsNullOrWhiteSpace(n) || phones.TryNormalize(n, out _))
            .WithMessage((_, n) => $"'{n}' is not a valid phone number for a caller ID.");

    /// <summary>The E.164 form of a validated caller ID; null when empty.</summary>
    public static string? CallerId(this PhoneNumberNormalizer phones, string? input) =>
        string.IsNullOrWhiteSpace(input) ? null : phones.TryNormalize(input, out var e164) ? e164 : throw new ArgumentException("Not a phone number.", nameof(input));
}
