using FluentValidation;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Common.Validation;

/// <summary>Rules several validators share.</summary>
public static class ValidationRules
{
    public static IRuleBuilderOptions<T, string> MustBePhonebookName<T>(this IRuleBuilder<T, string> rule) =>
        rule.Must(PhonebookEntry.IsValidName)
            .WithMessage($"A name has 1 to {PhonebookEntry.MaxNameLength} characters and no spaces (it is typed as B.name).");

    public static IRuleBuilderOptions<T, string> MustBePhoneNumber<T>(this IRuleBuilder<T, string> rule, PhoneNumberNormalizer phones) =>
        rule.Must(n => phones.TryNormalize(n, out _)).WithMessage((_, n) => $"'{n}' is not a valid phone number.");
}
