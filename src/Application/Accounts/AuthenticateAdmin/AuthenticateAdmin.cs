using Mediator;
using SmsCallback.Application.Accounts.Lockout;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.AuthenticateAdmin;

/// <summary>Check an admin's login and password (the dashboard's browser sign-in). Failures count towards the same lockout as token requests,
/// and the error never tells whether the login exists or is a customer's.</summary>
public sealed record AuthenticateAdminCommand(string Login, string Password) : ICommand<Result<AdminIdentity>>;

public sealed record AdminIdentity(Guid Id, string Login);

public sealed class AuthenticateAdminHandler(IAccountRepository accounts, IPasswordHasher hasher, LoginGuard guard, IUnitOfWork unitOfWork)
    : ICommandHandler<AuthenticateAdminCommand, Result<AdminIdentity>>
{
    public async ValueTask<Result<AdminIdentity>> Handle(AuthenticateAdminCommand command, CancellationToken ct)
    {
        if (command.Login.Length is 0 or > Account.MaxLoginLength || command.Password.Length is 0 or > 128) return Failed;
        if (await guard.IsLockedAsync(command.Login, null, ct)) return Failed;

        var account = await accounts.FindByLoginAsync(command.Login, ct);
        if (account is null || hasher.Verify(account.PasswordHash, command.Password) == PasswordCheck.Failed)
        {
            guard.RecordFailure(command.Login, null);
            await unitOfWork.SaveChangesAsync(ct);
            return Failed;
        }
        if (account is not { Role: AccountRole.Admin, IsActive: true }) return Failed;
        await guard.RecordSuccessAsync(command.Login, ct);
        await unitOfWork.SaveChangesAsync(ct);
        return new AdminIdentity(account.Id, account.Login);
    }

    private static Error Failed => Error.Unauthorized("Sign-in failed.");
}
