using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Accounts.SetFailureNotices;

/// <summary>An admin turns on or off the SMS that tells the account's customer why a callback failed (docs/callback-policies.md).</summary>
public sealed record SetFailureNoticesCommand(Guid AccountId, bool NotifyFailures) : ICommand<Result<Unit>>;

public sealed class SetFailureNoticesHandler(IAccountRepository accounts) : ICommandHandler<SetFailureNoticesCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(SetFailureNoticesCommand command, CancellationToken ct)
    {
        var account = await accounts.GetAsync(command.AccountId, ct);
        if (account is null) return Error.NotFound("No such account.");
        account.ChangeFailureNotices(command.NotifyFailures);
        return Unit.Value;
    }
}
