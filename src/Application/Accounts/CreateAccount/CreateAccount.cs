using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Localization;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.CreateAccount;

/// <param name="Language">the language of the account's replies and prompts; none: the default (and the access number's, when the
/// customer first writes to one that has a language).</param>
public sealed record CreateAccountCommand(string Login, string Password, string? Language = null) : ICommand<Result<Guid>>;

public sealed class CreateAccountValidator : AbstractValidator<CreateAccountCommand>
{
    public CreateAccountValidator(Sms.Texts.IReplyTexts texts)
    {
        RuleFor(c => c.Language).KnownLanguage(texts);
        RuleFor(c => c.Login).NotEmpty().MaximumLength(Account.MaxLoginLength)
            .Matches("^[A-Za-z0-9._@-]+$").WithMessage("A login has only letters, digits and . _ @ -");
        RuleFor(c => c.Password).ValidPassword();
    }
}

public static class PasswordRules
{
    /// <summary>What a chosen password must be: 4 to 128 characters, no spaces (it is typed in an SMS).</summary>
    public static IRuleBuilderOptions<T, string> ValidPassword<T>(this IRuleBuilder<T, string> rule) =>
        rule.NotEmpty().MinimumLength(4).MaximumLength(128)
            .Must(p => p is null || !p.Any(char.IsWhiteSpace)).WithMessage("A password cannot contain spaces (it is typed in an SMS).");
}

public sealed class CreateAccountHandler(IAccountRepository accounts, IPasswordHasher hasher, IUnitOfWork unitOfWork, TimeProvider clock,
    Sms.Texts.IReplyTexts texts)
    : ICommandHandler<CreateAccountCommand, Result<Guid>>
{
    public async ValueTask<Result<Guid>> Handle(CreateAccountCommand command, CancellationToken ct)
    {
        if (await accounts.FindByLoginAsync(command.Login, ct) is not null) return LoginTaken;
        var account = Account.Create(command.Login, hasher.Hash(command.Password), AccountRole.Client, clock.GetUtcNow());
        account.ChangeLanguage(command.Language ?? texts.DefaultLanguage, chosen: command.Language is not null);
        accounts.Add(account);
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            return LoginTaken;
        }
        return account.Id;
    }

    private static Error LoginTaken => Error.Conflict("This login is taken.");
}
