using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Api.Web;
using SmsCallback.Application.Accounts.ChangeOwnPassword;

namespace SmsCallback.Api.Pages.My;

/// <summary>The customer's settings: the password (<c>POST /api/me/password</c>). A change ends every session, this one too.</summary>
public sealed class SettingsModel(ISender sender) : SitePage(sender)
{
    [BindProperty] public string? CurrentPassword { get; set; }
    [BindProperty] public string? NewPassword { get; set; }

    public Task<IActionResult> OnPostPasswordAsync(CancellationToken ct) =>
        Run(() => Sender.Send(new ChangeOwnPasswordCommand(AccountId, CurrentPassword ?? "", NewPassword ?? "", ClientAddress.Of(HttpContext)), ct),
            _ =>
            {
                TempData["Notice"] = Text["Your password is changed. Sign in with the new one."].Value;
                return SignOut(new AuthenticationProperties { RedirectUri = "/" }, SiteAuthentication.Scheme);
            }, ct);
}
