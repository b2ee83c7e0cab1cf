using Mediator;
using SmsCallback.Application.Accounts.Lockout;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.SignIn;

/// <summary>Check a customer's or an operator's login and password for the website's sign-in (one form; the role decides where the browser
/// lands). Failures count towards the same lockout as token requests (per login and client address), and the error never tells whether the
/// login exists.</summary>
public sealed record SignInCommand(string Login, string Password, string ClientAddress) : ICommand<Result<SignedInAccount>>;

/// <param name="SecurityStamp">the account's stamp, carried by the site cookie: the session ends when it changes.</param>
public sealed record SignedInAccount(Guid Id, string Login, AccountRole Role, Guid SecurityStamp);

public sealed class SignInHandler(SignInAttempts attempts) : ICommandHandler<SignInCommand, Result<SignedInAccount>>
{
    public async ValueTask<Result<SignedInAccount>> Handle(SignInCommand command, CancellationToken ct)
    {
        if (command.Login.Length is 0 or > Account.MaxLoginLength || command.Password.Length is 0 or > 128) return Failed;
        var check = await attempts.CheckAsync(command.Login, command.Password, command.ClientAddress, ct);
        if (check.Outcome == SignInOutcome.LockedOut) return Error.TooManyRequests("Too many failed sign-ins. Try again later.");
        if (check is not { Outcome: SignInOutcome.Succeeded, Account: { IsActive: true } account }) return Failed;
        return new SignedInAccount(account.Id, account.Login, account.Role, account.SecurityStamp);
    }

    private static Error Failed => Error.Unauthorized("Sign-in failed.");
}
