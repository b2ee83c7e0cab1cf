using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.CreateAccount;

public sealed record CreateAccountCommand(string Login, string Password) : ICommand<Result<Guid>>;

public sealed class CreateAccountValidator : AbstractValidator<CreateAccountCommand>
{
    public CreateAccountValidator()
    {
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

public sealed class CreateAccountHandler(IAccountRepository accounts, IPasswordHasher hasher, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<CreateAccountCommand, Result<Guid>>
{
    public async ValueTask<Result<Guid>> Handle(CreateAccountCommand command, CancellationToken ct)
    {
        if (await accounts.FindByLoginAsync(command.Login, ct) is not null) return LoginTaken;
        var account = Account.Create(command.Login, hasher.Hash(command.Password), AccountRole.Client, clock.GetUtcNow());
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
