using FluentValidation;
using Mediator;
using SmsCallback.Application.Accounts.CreateAccount;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Accounts.ResetPassword;

/// <summary>An admin sets an account's password; the account's existing tokens and dashboard cookies end at once.</summary>
public sealed record ResetPasswordCommand(Guid AccountId, string Password) : ICommand<Result<Unit>>;

public sealed class ResetPasswordValidator : AbstractValidator<ResetPasswordCommand>
{
    public ResetPasswordValidator() => RuleFor(c => c.Password).ValidPassword();
}

public sealed class ResetPasswordHandler(IAccountRepository accounts, IPasswordHasher hasher)
    : ICommandHandler<ResetPasswordCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(ResetPasswordCommand command, CancellationToken ct)
    {
        var account = await accounts.GetAsync(command.AccountId, ct);
        if (account is null) return Error.NotFound("No such account.");
        account.ChangePasswordHash(hasher.Hash(command.Password));
        return Unit.Value;
    }
}
