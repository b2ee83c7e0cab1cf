using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Accounts.ListLedger;

namespace SmsCallback.Api.Pages.My;

/// <summary>Top-ups, corrections and call charges, newest first (<c>GET /api/me/ledger</c>).</summary>
public sealed class LedgerModel(ISender sender) : SitePage(sender)
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;

    public LedgerPage? Ledger { get; private set; }

    protected override async Task LoadAsync(CancellationToken ct) =>
        Ledger = (await Sender.Send(new ListLedgerQuery(AccountId, (Math.Max(1, PageNumber) - 1) * PageSize, PageSize), ct)).Value;
}
