using FluentValidation;
using SmsCallback.Application.Sms.Texts;

namespace SmsCallback.Application.Common.Localization;

public static class LanguageRules
{
    /// <summary>A language is optional, and when given one the replies have (shipped, or a file in <c>Localization:Folder</c>).</summary>
    public static IRuleBuilderOptions<T, string?> KnownLanguage<T>(this IRuleBuilder<T, string?> rule, IReplyTexts texts) =>
        rule.Must(l => l is null || texts.Has(l))
            .WithMessage((_, l) => $"Unknown language '{l}': the languages are {string.Join(", ", texts.Languages)}.");
}
