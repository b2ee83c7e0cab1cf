using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Lots.DeleteLot;

/// <summary>Delete a finished lot with its accounts, their ledger and its export — only while none of its accounts was used.</summary>
public sealed record DeleteLotCommand(Guid LotId) : ICommand<Result<Unit>>;

public sealed class DeleteLotHandler(ICredentialLotRepository lots) : ICommandHandler<DeleteLotCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(DeleteLotCommand command, CancellationToken ct)
    {
        var lot = await lots.GetAsync(command.LotId, ct);
        if (lot is null) return Error.NotFound("No such lot.");
        if (!lot.IsFinished) return Error.Conflict("The lot is still being generated.");
        if (await lots.AnyAccountUsedAsync(lot.Id, ct)) return Error.Conflict("Some of the lot's accounts were used; block the lot instead.");
        await lots.DeleteWithAccountsAsync(lot.Id, ct);
        return Unit.Value;
    }
}
