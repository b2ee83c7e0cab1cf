using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Accounts.CreateAccount;
using SmsCallback.Application.Accounts.ListAccounts;

namespace SmsCallback.Api.Pages.Admin;

/// <summary>The operator's accounts: search by login or phone, and a new account (<c>/api/admin/accounts</c>).</summary>
public sealed class IndexModel(ISender sender) : SitePage(sender)
{
    public const int PageSize = 50;

    [BindProperty(SupportsGet = true, Name = "q")] public string? Search { get; set; }
    [BindProperty(SupportsGet = true, Name = "page")] public int PageNumber { get; set; } = 1;
    [BindProperty] public string? Login { get; set; }
    [BindProperty] public string? Password { get; set; }

    public AccountPage? Accounts { get; private set; }

    protected override async Task LoadAsync(CancellationToken ct) =>
        Accounts = await Sender.Send(new ListAccountsQuery(Search, (Math.Max(1, PageNumber) - 1) * PageSize, PageSize), ct);

    public Task<IActionResult> OnPostCreateAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new CreateAccountCommand(Login?.Trim() ?? "", Password ?? ""), ct),
            id => Done(Text["Account {0} is created.", Login ?? ""], "/Admin/Account", new { id }), ct);
}
