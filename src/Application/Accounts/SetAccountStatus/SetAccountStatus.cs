using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Accounts.SetAccountStatus;

/// <summary>Block or unblock an account. A blocked account can neither sign in nor act by SMS; either change ends the account's
/// existing tokens (<see cref="Domain.Accounts.Account.SecurityStamp"/>).</summary>
public sealed record SetAccountStatusCommand(Guid AccountId, bool Blocked) : ICommand<Result<Unit>>;

public sealed class SetAccountStatusHandler(IAccountRepository accounts) : ICommandHandler<SetAccountStatusCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(SetAccountStatusCommand command, CancellationToken ct)
    {
        var account = await accounts.GetAsync(command.AccountId, ct);
        if (account is null) return Error.NotFound("No such account.");
        if (account.Role == Domain.Accounts.AccountRole.Admin) return Error.Conflict("Admins are not blocked here.");
        if (command.Blocked) account.Block(); else account.Unblock();
        return Unit.Value;
    }
}
