using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Tariffs;
using SmsCallback.Application.Tariffs.DeleteTariffRate;
using SmsCallback.Application.Tariffs.ExportTariffRates;
using SmsCallback.Application.Tariffs.GetTariff;
using SmsCallback.Application.Tariffs.ImportTariffRates;
using SmsCallback.Application.Tariffs.UpsertTariffRate;

namespace SmsCallback.Api.Pages.Admin;

/// <summary>One tariff's rates: search by prefix, paging, a rate, CSV import (the bad lines shown) and export (<c>/api/admin/tariffs/{id}</c>).</summary>
[RequestSizeLimit(Endpoints.AdminTariffs.MaxImportBytes + 64 * 1024)]
public sealed class TariffModel(ISender sender) : SitePage(sender)
{
    public const int PageSize = 50;

    [FromRoute] public Guid Id { get; set; }
    [BindProperty(SupportsGet = true, Name = "prefix")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public TariffDetails? Tariff { get; private set; }
    public IReadOnlyList<CsvLineError> ImportErrors { get; private set; } = [];

    [BindProperty] public string? Prefix { get; set; }
    [BindProperty] public string? Description { get; set; }
    [BindProperty] public decimal? PricePerMinute { get; set; }
    [BindProperty] public decimal ConnectionFee { get; set; }
    [BindProperty] public int MinimumSeconds { get; set; }
    [BindProperty] public int IncrementSeconds { get; set; } = 1;
    [BindProperty] public IFormFile? Csv { get; set; }
    [BindProperty] public bool Merge { get; set; }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        Tariff = (await Sender.Send(new GetTariffQuery(Id, Math.Max(1, PageNumber), PageSize, string.IsNullOrWhiteSpace(Search) ? null : Search.Trim()), ct)).Value;
        NotFoundWhenMissing = Tariff is null;
    }

    public Task<IActionResult> OnPostRateAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new UpsertTariffRateCommand(Id, new TariffRateInput(Prefix, Description, PricePerMinute, ConnectionFee, MinimumSeconds,
            IncrementSeconds)), ct), _ => Done(Text["The rate is saved."]), ct);

    public Task<IActionResult> OnPostDeleteRateAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new DeleteTariffRateCommand(Id, Prefix ?? ""), ct), _ => Done(Text["The rate is deleted."]), ct);

    public async Task<IActionResult> OnPostImportAsync(CancellationToken ct)
    {
        if (Csv is null) { ModelState.AddModelError("", Text["Choose a CSV file."]); await LoadAsync(ct); return Page(); }
        await using var stream = Csv.OpenReadStream();
        return await RunAsync(() => Sender.Send(new ImportTariffRatesCommand(Id, stream, Merge), ct), async r =>
        {
            if (r.Succeeded) return Done(Text["{0} rates are imported.", r.Imported]);
            ImportErrors = r.Errors;
            ModelState.AddModelError("", Text["The CSV has errors; nothing was stored."]);
            await LoadAsync(ct);
            return Page();
        }, ct);
    }

    public async Task<IActionResult> OnGetExportAsync([FromServices] ITariffRateCsv csv, CancellationToken ct)
    {
        var result = await Sender.Send(new ExportTariffRatesQuery(Id), ct);
        if (!result.IsSuccess) return NotFound();
        return new StreamedFile("text/csv; charset=utf-8", $"tariff-{Id}.csv", (body, token) => csv.WriteAsync(body, result.Value!.Rates, token));
    }
}
