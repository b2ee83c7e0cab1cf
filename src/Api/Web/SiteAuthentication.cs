using System.Globalization;
using System.Net;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Localization;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Accounts.SignIn;

namespace SmsCallback.Api.Web;

/// <summary>The website's sign-in (docs/adr/0023-website-cookie-next-to-the-bearer-token.md): an HttpOnly, SameSite=Strict cookie for the whole
/// site, checked against the account's security stamp on every request like a token. The default scheme picks the bearer token for
/// <c>/api</c> and for any request that carries one, and the site cookie otherwise, so the existing role policies serve both, and the API
/// never accepts the cookie (no cross-site request can spend it).</summary>
public static class SiteAuthentication
{
    public const string Scheme = "Site";
    public const string DefaultScheme = "BearerOrSite";

    public static AuthenticationBuilder AddSiteCookie(this AuthenticationBuilder auth) => auth
        .AddPolicyScheme(DefaultScheme, "Bearer token for the API, site cookie for the pages", o => o.ForwardDefaultSelector = http =>
            http.Request.Path.StartsWithSegments("/api") || http.Request.Headers.Authorization.Count > 0
                ? JwtBearerDefaults.AuthenticationScheme : Scheme)
        .AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "SmsCallback.Site";
            o.Cookie.Path = "/";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
            o.LoginPath = "/";
            // A browser is sent to the sign-in page; other callers (scripts, the endpoint table test) get 401 and 403 like the API.
            o.Events.OnRedirectToLogin = ctx =>
            {
                if (IsBrowserNavigation(ctx.Request)) ctx.Response.Redirect(ctx.RedirectUri);
                else ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return Task.CompletedTask;
            };
            o.Events.OnRedirectToAccessDenied = ctx => Refused(ctx.HttpContext);
            o.Events.OnValidatePrincipal = async ctx =>
            {
                // Blocking, unblocking, a password reset or change replace the stamp: the browser is signed out at its next request.
                if (!await SessionStamp.IsCurrentAsync(ctx.Principal, ctx.HttpContext))
                {
                    ctx.RejectPrincipal();
                    await ctx.HttpContext.SignOutAsync(Scheme);
                }
            };
        });

    public static ClaimsPrincipal PrincipalOf(SignedInAccount account) => new(new ClaimsIdentity(
        [
            new Claim("sub", account.Id.ToString()), new Claim("name", account.Login),
            new Claim(ClaimTypes.Role, SessionStamp.RoleName(account.Role)), new Claim(SessionStamp.Claim, account.SecurityStamp.ToString()),
        ], Scheme, "name", ClaimTypes.Role));

    private static bool IsBrowserNavigation(HttpRequest request) =>
        HttpMethods.IsGet(request.Method) && request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal);

    /// <summary>403 with a short page (a customer opening <c>/admin</c>, an operator opening <c>/my</c>).</summary>
    private static async Task Refused(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status403Forbidden;
        if (!IsBrowserNavigation(http.Request)) return;
        var text = http.RequestServices.GetRequiredService<IStringLocalizer<SiteText>>();
        var (title, why, back) = (WebUtility.HtmlEncode(text["Refused"]), WebUtility.HtmlEncode(text["This part of the site is not for your account."]),
            WebUtility.HtmlEncode(text["Back to the start page"]));
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!doctype html><html lang="{CultureInfo.CurrentUICulture.TwoLetterISOLanguageName}"><head><meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1"><title>{title} – SmsCallback</title>
            <link rel="icon" href="/favicon.svg" type="image/svg+xml"><link rel="stylesheet" href="/site.css"></head>
            <body><main><h1>{title}</h1><p>{why}</p>
            <p><a href="/">{back}</a></p></main></body></html>
            """);
    }
}
