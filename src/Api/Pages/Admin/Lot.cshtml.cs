using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Accounts.ListAccounts;
using SmsCallback.Application.Lots.DeleteLotExport;
using SmsCallback.Application.Lots.GetLot;
using SmsCallback.Application.Lots.GetLotExport;
using SmsCallback.Application.Lots.ListLotAccounts;
using SmsCallback.Application.Lots.SetLotStatus;
using SmsCallback.Application.Lots.TopUpLot;

namespace SmsCallback.Api.Pages.Admin;

/// <summary>One lot: live progress, the export (download, delete), block/unblock and top-up of all its accounts (<c>/api/admin/lots/{id}</c>).</summary>
public sealed class LotModel(ISender sender) : SitePage(sender)
{
    [FromRoute] public Guid Id { get; set; }

    public LotDto? Lot { get; private set; }
    public AccountPage? Accounts { get; private set; }

    [BindProperty] public decimal Amount { get; set; }
    [BindProperty] public string? Note { get; set; }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Lot = (await Sender.Send(new GetLotQuery(Id), ct)).Value;
        NotFoundWhenMissing = Lot is null;
        if (Lot is not null) Accounts = (await Sender.Send(new ListLotAccountsQuery(Id, null, 0, 20), ct)).Value;
    }

    public async Task<IActionResult> OnGetFragmentAsync(CancellationToken ct)
    {
        Lot = (await Sender.Send(new GetLotQuery(Id), ct)).Value;
        return Lot is null ? NotFound() : Partial("_LotProgress", Lot);
    }

    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        var result = await Sender.Send(new GetLotExportQuery(Id), ct);
        if (!result.IsSuccess) return NotFound();
        return File(System.Text.Encoding.UTF8.GetBytes(result.Value!), "text/csv; charset=utf-8", $"lot-{Id:N}.csv");
    }

    public Task<IActionResult> OnPostDeleteExportAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new DeleteLotExportCommand(Id), ct), _ => Done(Text["The export is deleted."]), ct);

    public Task<IActionResult> OnPostBlockAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new SetLotStatusCommand(Id, Blocked: true), ct), n => Done(Text["{0} accounts are blocked.", n]), ct);

    public Task<IActionResult> OnPostUnblockAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new SetLotStatusCommand(Id, Blocked: false), ct), n => Done(Text["{0} accounts are active again.", n]), ct);

    public Task<IActionResult> OnPostTopUpAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new TopUpLotCommand(Id, Amount, Note), ct), n => Done(Text["{0} accounts are topped up.", n]), ct);
}
