using FluentValidation;
using Mediator;
using SmsCallback.Application.Accounts.CreateAccount;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Accounts.ChangeOwnPassword;

/// <summary>A customer changes their password; the current one must be given.</summary>
public sealed record ChangeOwnPasswordCommand(Guid AccountId, string CurrentPassword, string NewPassword) : ICommand<Result<Unit>>;

public sealed class ChangeOwnPasswordValidator : AbstractValidator<ChangeOwnPasswordCommand>
{
    public ChangeOwnPasswordValidator()
    {
        RuleFor(c => c.CurrentPassword).NotEmpty().MaximumLength(128);
        RuleFor(c => c.NewPassword).ValidPassword();
    }
}

public sealed class ChangeOwnPasswordHandler(IAccountRepository accounts, IPasswordHasher hasher, IUnitOfWork unitOfWork)
    : ICommandHandler<ChangeOwnPasswordCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(ChangeOwnPasswordCommand command, CancellationToken ct)
    {
        var account = await accounts.GetAsync(command.AccountId, ct);
        if (account is null) return Error.NotFound("No such account.");
        if (hasher.Verify(account.PasswordHash, command.CurrentPassword) == PasswordCheck.Failed)
            return Error.Invalid("currentPassword", "The current password is wrong.");
        account.ChangePasswordHash(hasher.Hash(command.NewPassword));
        await unitOfWork.SaveChangesAsync(ct);
        return Unit.Value;
    }
}
