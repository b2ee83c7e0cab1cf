using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Lots.GetLotExport;

/// <summary>The lot's CSV (login, password, balance, tariff), decrypted for the admin who downloads it. Available while generation runs
/// (with the accounts committed so far) and until the export is deleted.</summary>
public sealed record GetLotExportQuery(Guid LotId) : IQuery<Result<string>>;

public sealed class GetLotExportHandler(ICredentialLotRepository lots, ILotExportVault vault) : IQueryHandler<GetLotExportQuery, Result<string>>
{
    public async ValueTask<Result<string>> Handle(GetLotExportQuery query, CancellationToken ct)
    {
        var lot = await lots.GetAsync(query.LotId, ct);
        if (lot is null) return Error.NotFound("No such lot.");
        if (!lot.HasExport) return Error.NotFound("This lot's export was deleted.");
        return vault.Open(lot.Id, await lots.ListChunksAsync(lot.Id, ct));
    }
}
