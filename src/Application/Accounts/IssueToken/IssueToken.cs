using FluentValidation;
using Mediator;
using SmsCallback.Application.Accounts.Lockout;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Accounts.IssueToken;

/// <summary>Exchange a login and password for an access token. The error never tells whether the login exists; too many failures from
/// the client's address lock that address out of the login for a while (<see cref="SignInAttempts"/>).</summary>
/// <param name="ClientAddress">where the request comes from (an IPv4 address, an IPv6 /64 network, or "unknown").</param>
public sealed record IssueTokenCommand(string Login, string Password, string ClientAddress) : ICommand<Result<IssuedToken>>;

public sealed class IssueTokenValidator : AbstractValidator<IssueTokenCommand>
{
    public IssueTokenValidator()
    {
        RuleFor(c => c.Login).NotEmpty().MaximumLength(Domain.Accounts.Account.MaxLoginLength);
        RuleFor(c => c.Password).NotEmpty().MaximumLength(128);
    }
}

public sealed class IssueTokenHandler(SignInAttempts attempts, IPasswordHasher hasher, ITokenIssuer tokens)
    : ICommandHandler<IssueTokenCommand, Result<IssuedToken>>
{
    public async ValueTask<Result<IssuedToken>> Handle(IssueTokenCommand command, CancellationToken ct)
    {
        var check = await attempts.CheckAsync(command.Login, command.Password, command.ClientAddress, ct);
        if (check.Outcome == SignInOutcome.LockedOut) return Error.TooManyRequests("Too many failed logins. Try again later.");
        if (check is not { Outcome: SignInOutcome.Succeeded, Account.IsActive: true }) return Error.Unauthorized("Login failed.");

        if (check.RehashNeeded) check.Account.UpgradePasswordHash(hasher.Hash(command.Password));
        return tokens.Issue(check.Account);
    }
}
