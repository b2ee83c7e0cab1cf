using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Lots.DeleteLotExport;

/// <summary>Delete the export of a finished lot; afterwards the plaintext passwords exist nowhere (only their hashes remain).</summary>
public sealed record DeleteLotExportCommand(Guid LotId) : ICommand<Result<Unit>>;

public sealed class DeleteLotExportHandler(ICredentialLotRepository lots) : ICommandHandler<DeleteLotExportCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(DeleteLotExportCommand command, CancellationToken ct)
    {
        var lot = await lots.GetAsync(command.LotId, ct);
        if (lot is null) return Error.NotFound("No such lot.");
        if (!lot.IsFinished) return Error.Conflict("The lot is still being generated; delete its export when it has finished.");
        await lots.RemoveChunksAsync(lot.Id, ct);
        lot.ExportDeleted();
        return Unit.Value;
    }
}
