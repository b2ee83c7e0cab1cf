using Mediator;
using SmsCallback.Application.Accounts.Lockout;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.AuthenticateAdmin;

/// <summary>Check an admin's login and password (the dashboard's browser sign-in). Failures count towards the same lockout as token requests
/// (per login and client address), and the error never tells whether the login exists or is a customer's.</summary>
public sealed record AuthenticateAdminCommand(string Login, string Password, string ClientAddress) : ICommand<Result<AdminIdentity>>;

/// <param name="SecurityStamp">the account's stamp, carried by the dashboard cookie: the cookie ends when it changes.</param>
public sealed record AdminIdentity(Guid Id, string Login, Guid SecurityStamp);

public sealed class AuthenticateAdminHandler(SignInAttempts attempts) : ICommandHandler<AuthenticateAdminCommand, Result<AdminIdentity>>
{
    public async ValueTask<Result<AdminIdentity>> Handle(AuthenticateAdminCommand command, CancellationToken ct)
    {
        if (command.Login.Length is 0 or > Account.MaxLoginLength || command.Password.Length is 0 or > 128) return Failed;
        var check = await attempts.CheckAsync(command.Login, command.Password, command.ClientAddress, ct);
        if (check.Outcome == SignInOutcome.LockedOut) return Error.TooManyRequests("Too many failed sign-ins. Try again later.");
        if (check is not { Outcome: SignInOutcome.Succeeded, Account: { Role: AccountRole.Admin, IsActive: true } admin }) return Failed;
        return new AdminIdentity(admin.Id, admin.Login, admin.SecurityStamp);
    }

    private static Error Failed => Error.Unauthorized("Sign-in failed.");
}
