using System.Net;
using System.Security.Claims;
using Mediator;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Accounts.AuthenticateAdmin;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Api.Endpoints;

/// <summary>The browser sign-in to the jobs dashboard (docs/adr/0009-dashboard-sign-in.md): an admin's login and password are exchanged for an
/// HttpOnly, SameSite=Strict cookie scoped to <c>/hangfire</c> (Secure when the request is HTTPS). Customers are refused like wrong passwords.</summary>
internal static class DashboardSignIn
{
    public const string Scheme = "DashboardCookie";
    public const string LoginPath = "/admin/login";
    public const string DashboardPath = "/hangfire";

    public static AuthenticationBuilder AddDashboardCookie(this AuthenticationBuilder auth) =>
        auth.AddCookie(Scheme, o =>
        {
            o.Cookie.Name = "SmsCallback.Dashboard";
            o.Cookie.Path = DashboardPath;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = false;
            o.Events.OnRedirectToLogin = ctx => { ctx.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
            o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
            o.Events.OnValidatePrincipal = async ctx =>
            {
                // A cookie lasts only while its account is an active admin with the same security stamp: blocking or a password change
                // signs the browser out at its next request.
                if (!await SessionStamp.IsCurrentAsync(ctx.Principal, ctx.HttpContext) || ctx.Principal?.IsInRole(Roles.Admin) != true)
                    ctx.RejectPrincipal();
            };
        });

    public static void MapSignIn(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/admin").Public("the dashboard's sign-in page and form").ExcludeFromDescription();
        group.MapGet("/login", () => Page(null));

        group.MapPost("/login", async (HttpContext http, ISender sender) =>
        {
            if (!SameOrigin(http.Request)) return Results.StatusCode(StatusCodes.Status403Forbidden);
            var form = await http.Request.ReadFormAsync(http.RequestAborted);
            var result = await sender.Send(new AuthenticateAdminCommand(form["login"].ToString(), form["password"].ToString(), ClientAddress.Of(http)),
                http.RequestAborted);
            if (result.Error is { Kind: ErrorKind.TooManyRequests }) return Page("Too many failed sign-ins. Try again later.", StatusCodes.Status429TooManyRequests);
            if (!result.IsSuccess) return Page("Sign-in failed.", StatusCodes.Status401Unauthorized);

            var identity = new ClaimsIdentity([new Claim("sub", result.Value!.Id.ToString()), new Claim("name", result.Value.Login),
                new Claim(ClaimTypes.Role, Roles.Admin), new Claim(SessionStamp.Claim, result.Value.SecurityStamp.ToString())],
                Scheme, "name", ClaimTypes.Role);
            await http.SignInAsync(Scheme, new ClaimsPrincipal(identity));
            return Results.Redirect(DashboardPath);
        }).RequireSignInRateLimit();

        group.MapPost("/logout", async (HttpContext http) =>
        {
            if (!SameOrigin(http.Request)) return Results.StatusCode(StatusCodes.Status403Forbidden);
            await http.SignOutAsync(Scheme);
            return Results.Redirect(LoginPath);
        });
    }

    /// <summary>An anonymous browser opening the dashboard is sent to the sign-in page (API clients still get 401).</summary>
    public static IApplicationBuilder UseDashboardSignInRedirect(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        if (HttpMethods.IsGet(http.Request.Method) && http.Request.Path.StartsWithSegments(DashboardPath)
            && http.User.Identity?.IsAuthenticated != true && http.Request.Headers.Accept.ToString().Contains("text/html", StringComparison.Ordinal)
            && !(await http.AuthenticateAsync(Scheme)).Succeeded)
        {
            http.Response.Redirect(LoginPath);
            return;
        }
        await next(http);
    });

    /// <summary>Refuses form posts from other sites (login CSRF): browsers send Origin with every POST.</summary>
    private static bool SameOrigin(HttpRequest request) =>
        !request.Headers.TryGetValue("Origin", out var origin)
        || (Uri.TryCreate(origin.ToString(), UriKind.Absolute, out var uri) && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase));

    private static IResult Page(string? message, int status = StatusCodes.Status200OK) => Results.Content($"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>SmsCallback jobs – sign in</title></head>
        <body style="font-family:sans-serif;max-width:24em;margin:4em auto">
        <h1>Jobs dashboard</h1>
        {(message is null ? "" : $"<p role=\"alert\" style=\"color:#b00\">{WebUtility.HtmlEncode(message)}</p>")}
        <form method="post" action="{LoginPath}">
        <p><label>Admin login<br><input name="login" autocomplete="username" required></label></p>
        <p><label>Password<br><input name="password" type="password" autocomplete="current-password" required></label></p>
        <p><button type="submit">Sign in</button></p>
        </form></body></html>
        """, "text/html; charset=utf-8", statusCode: status);
}

/// <summary>The dashboard's sign-in page as an endpoint group (the extension methods above stay in a static class).</summary>
internal sealed class DashboardSignInEndpoints : IEndpointGroup
{
    public void Map(IEndpointRouteBuilder app) => DashboardSignIn.MapSignIn(app);
}
