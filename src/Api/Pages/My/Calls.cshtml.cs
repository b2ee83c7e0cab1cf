using FluentValidation;
using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Calls.ExportCallHistory;
using SmsCallback.Application.Calls.GetCallHistory;

namespace SmsCallback.Api.Pages.My;

/// <summary>The customer's call history with filters, paging and the CSV export (<c>/api/me/calls</c>).</summary>
public sealed class CallsModel(ISender sender) : SitePage(sender)
{
    public const int PageSize = 20;

    [BindProperty(SupportsGet = true)] public CallFilters Filters { get; set; } = new();

    public CallHistoryPage? History { get; private set; }

    protected override async Task LoadAsync(CancellationToken ct)
    {
        try
        {
            var result = await Sender.Send(new GetCallHistoryQuery(AccountId, false, Filters.FromInstant, Filters.ToInstant, Filters.NumberOrNull,
                Math.Max(1, Filters.Page), PageSize), ct);
            if (result.IsSuccess) History = result.Value;
            else ModelState.AddModelError("", result.Error!.Message);
        }
        catch (ValidationException e)
        {
            foreach (var failure in e.Errors) ModelState.AddModelError("", failure.ErrorMessage);
        }
    }

    public Task<IActionResult> OnGetExportAsync(CancellationToken ct) => CallFilters.StreamAsync(Sender,
        new ExportCallHistoryQuery(AccountId, false, Filters.FromInstant, Filters.ToInstant, Filters.NumberOrNull), ct);
}
