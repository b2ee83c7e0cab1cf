using FluentValidation;
using Mediator;
using SmsCallback.Application.Accounts.Lockout;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Accounts.IssueToken;

/// <summary>Exchange a login and password for an access token. The error never tells whether the login exists.</summary>
public sealed record IssueTokenCommand(string Login, string Password) : ICommand<Result<IssuedToken>>;

public sealed class IssueTokenValidator : AbstractValidator<IssueTokenCommand>
{
    public IssueTokenValidator()
    {
        RuleFor(c => c.Login).NotEmpty().MaximumLength(Domain.Accounts.Account.MaxLoginLength);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(128);
    }
}

public sealed class IssueTokenHandler(
    IAccountRepository accounts, IPasswordHasher hasher, ITokenIssuer tokens, LoginGuard guard, IUnitOfWork unitOfWork)
    : ICommandHandler<IssueTokenCommand, Result<IssuedToken>>
{
    public async ValueTask<Result<IssuedToken>> Handle(IssueTokenCommand command, CancellationToken ct)
    {
        if (await guard.IsLockedAsync(command.Login, null, ct)) return Error.Unauthorized("Too many failed logins. Try again later.");

        var account = await accounts.FindByLoginAsync(command.Login, ct);
        var check = account is null ? PasswordCheck.Failed : hasher.Verify(account.PasswordHash, command.Password);
        if (account is null || check == PasswordCheck.Failed)
        {
            guard.RecordFailure(command.Login, null);
            await unitOfWork.SaveChangesAsync(ct);
            return Error.Unauthorized("Login failed.");
        }
        if (!account.IsActive) return Error.Unauthorized("Login failed.");

        await guard.RecordSuccessAsync(command.Login, ct);
        if (check == PasswordCheck.SuccessRehashNeeded) account.ChangePasswordHash(hasher.Hash(command.Password));
        await unitOfWork.SaveChangesAsync(ct);
        return tokens.Issue(account);
    }
}
