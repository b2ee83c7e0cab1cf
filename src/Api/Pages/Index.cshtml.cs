using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Api.Web;
using SmsCallback.Application.AccessNumbers.GetAccessNumbers;

namespace SmsCallback.Api.Pages;

/// <summary>What the service is, the numbers to text, and the one sign-in form for customers and operators.</summary>
public sealed class IndexModel(ISender sender) : SitePage(sender)
{
    [BindProperty(SupportsGet = true)] public string? ReturnUrl { get; set; }

    public IReadOnlyList<string> AccessNumbers { get; private set; } = [];

    protected override async Task LoadAsync(CancellationToken ct) =>
        AccessNumbers = [.. (await Sender.Send(new GetAccessNumbersQuery(), ct)).Select(n => n.Number).Distinct()];

    public async Task<IActionResult> OnPostSignOutAsync()
    {
        await HttpContext.SignOutAsync(SiteAuthentication.Scheme);
        return Done(Text["You are signed out."], "/Index");
    }
}
