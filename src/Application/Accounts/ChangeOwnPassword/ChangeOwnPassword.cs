using FluentValidation;
using Mediator;
using SmsCallback.Application.Accounts.CreateAccount;
using SmsCallback.Application.Accounts.Lockout;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Accounts.ChangeOwnPassword;

/// <summary>A customer changes their password; the current one must be given, under the same lockout as sign-ins (wrong current passwords
/// count per login and client address). Every token issued before, this one's included, ends.</summary>
public sealed record ChangeOwnPasswordCommand(Guid AccountId, string CurrentPassword, string NewPassword, string ClientAddress) : ICommand<Result<Unit>>;

public sealed class ChangeOwnPasswordValidator : AbstractValidator<ChangeOwnPasswordCommand>
{
    public ChangeOwnPasswordValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(128);
        RuleFor(c => c.NewPassword).ValidPassword();
    }
}

public sealed class ChangeOwnPasswordHandler(IAccountRepository accounts, SignInAttempts attempts, IPasswordHasher hasher)
    : ICommandHandler<ChangeOwnPasswordCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(ChangeOwnPasswordCommand command, CancellationToken ct)
    {
        var account = await accounts.GetAsync(command.AccountId, ct);
        if (account is null) return Error.NotFound("No such account.");
        var check = await attempts.CheckAsync(account.Login, command.CurrentPassword, command.ClientAddress, ct);
        if (check.Outcome == SignInOutcome.LockedOut) return Error.TooManyRequests("Too many wrong passwords. Try again later.");
        if (check.Outcome == SignInOutcome.Failed) return Error.Invalid("currentPassword", "The current password is wrong.");
        account.ChangePasswordHash(hasher.Hash(command.NewPassword));
        return Unit.Value;
    }
}
