using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Accounts.GetAccountSummary;
using SmsCallback.Application.Lots.CreateLot;
using SmsCallback.Application.Lots.GetLot;
using SmsCallback.Application.Lots.ListLots;
using SmsCallback.Application.Tariffs;
using SmsCallback.Application.Tariffs.ListTariffs;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Api.Pages.Admin;

/// <summary>Credential lots: the list and a new lot with every option of <c>POST /api/admin/lots</c>.</summary>
public sealed class LotsModel(ISender sender) : SitePage(sender)
{
    public IReadOnlyList<LotDto> Lots { get; private set; } = [];
    public IReadOnlyList<TariffView> Tariffs { get; private set; } = [];

    [BindProperty] public int Count { get; set; } = 100;
    [BindProperty] public string LoginPrefix { get; set; } = "";
    [BindProperty] public int LoginLength { get; set; } = 8;
    [BindProperty] public int PasswordLength { get; set; } = 8;
    [BindProperty] public PasswordAlphabet PasswordAlphabet { get; set; } = PasswordAlphabet.Digits;
    [BindProperty] public decimal InitialBalance { get; set; }
    [BindProperty] public Guid? TariffId { get; set; }
    [BindProperty] public ServicesDto Services { get; set; } = ServicesDto.From(AccountServices.All);

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Lots = await Sender.Send(new ListLotsQuery(0, 100), ct);
        Tariffs = await Sender.Send(new ListTariffsQuery(), ct);
    }

    public Task<IActionResult> OnPostCreateAsync(CancellationToken ct) =>
        RunPlain(() => Sender.Send(new CreateLotCommand(Count, LoginPrefix ?? "", LoginLength, PasswordLength, PasswordAlphabet, InitialBalance,
                TariffId, Services.ToFlags()), ct),
            id => Done(Text["The lot is being generated."], "/Admin/Lot", new { id }), ct);
}
