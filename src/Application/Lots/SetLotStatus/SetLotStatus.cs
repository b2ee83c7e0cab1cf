using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Lots.SetLotStatus;

/// <summary>Block or unblock every account of a lot; the sign-ins of the accounts that changed end. Returns how many accounts changed.</summary>
public sealed record SetLotStatusCommand(Guid LotId, bool Blocked) : ICommand<Result<int>>;

public sealed class SetLotStatusHandler(ICredentialLotRepository lots, IAccountRepository accounts) : ICommandHandler<SetLotStatusCommand, Result<int>>
{
    public async ValueTask<Result<int>> Handle(SetLotStatusCommand command, CancellationToken ct)
    {
        if (await lots.GetAsync(command.LotId, ct) is null) return Error.NotFound("No such lot.");
        return await accounts.SetStatusByLotAsync(command.LotId, command.Blocked ? AccountStatus.Blocked : AccountStatus.Active, ct);
    }
}
