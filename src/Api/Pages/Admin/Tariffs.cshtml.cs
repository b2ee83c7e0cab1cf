using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Tariffs;
using SmsCallback.Application.Tariffs.CreateTariff;
using SmsCallback.Application.Tariffs.ListTariffs;
using SmsCallback.Application.Tariffs.SetDefaultTariff;

namespace SmsCallback.Api.Pages.Admin;

/// <summary>Tariffs: the list, a new tariff, the default one (<c>/api/admin/tariffs</c>).</summary>
public sealed class TariffsModel(ISender sender) : SitePage(sender)
{
    public IReadOnlyList<TariffView> Tariffs { get; private set; } = [];

    [BindProperty] public string? Name { get; set; }
    [BindProperty] public string? Currency { get; set; }
    [BindProperty] public Guid Id { get; set; }

    protected override async Task LoadAsync(CancellationToken ct) => Tariffs = await Sender.Send(new ListTariffsQuery(), ct);

    public Task<IActionResult> OnPostCreateAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new CreateTariffCommand(Name ?? "", Currency ?? "", []), ct), id => Done(Text["The tariff is created."], "/Admin/Tariff", new { id }), ct);

    public Task<IActionResult> OnPostDefaultAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new SetDefaultTariffCommand(Id), ct), _ => Done(Text["The default tariff is changed."]), ct);
}
