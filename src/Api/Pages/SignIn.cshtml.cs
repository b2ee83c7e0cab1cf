using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Api.Web;
using SmsCallback.Application.Accounts.SignIn;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Api.Pages;

/// <summary>The sign-in form's target (the form itself is on the start page): customers land on <c>/my</c>, operators on <c>/admin</c>.
/// Counted against the caller's address like every password request.</summary>
[EnableRateLimiting(SignInRateLimit.Policy)]
public sealed class SignInModel(ISender sender) : SitePage(sender)
{
    [BindProperty] public string Login { get; set; } = "";
    [BindProperty] public string Password { get; set; } = "";
    [BindProperty] public string? ReturnUrl { get; set; }

    public override Task<IActionResult> OnGetAsync(CancellationToken ct) => Task.FromResult<IActionResult>(Redirect("/"));

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var result = await Sender.Send(new SignInCommand(Login.Trim(), Password, ClientAddress.Of(HttpContext)), ct);
        if (!result.IsSuccess)
        {
            var tooMany = result.Error!.Kind == ErrorKind.TooManyRequests;
            ModelState.AddModelError("", tooMany ? Text["Too many failed sign-ins. Try again later."] : Text["Sign-in failed."]);
            Response.StatusCode = tooMany ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized;
            return Page();
        }
        await HttpContext.SignInAsync(SiteAuthentication.Scheme, SiteAuthentication.PrincipalOf(result.Value!));
        var home = result.Value!.Role == AccountRole.Admin ? "/admin" : "/my";
        return LocalRedirect(ReturnUrl is { } url && Url.IsLocalUrl(url) && url.StartsWith(home, StringComparison.Ordinal) ? url : home);
    }
}
