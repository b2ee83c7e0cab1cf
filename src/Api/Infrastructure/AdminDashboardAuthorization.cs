using System.Security.Claims;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.Authentication;
using SmsCallback.Api.Endpoints;

namespace SmsCallback.Api.Infrastructure;

/// <summary>The Hangfire dashboard is for admins only: a bearer token with the admin role, or the admin-only sign-in cookie of
/// <see cref="DashboardSignIn"/>.</summary>
internal sealed class AdminDashboardAuthorization : IDashboardAsyncAuthorizationFilter
{
    public async Task<bool> AuthorizeAsync(DashboardContext context)
    {
        var http = context.GetHttpContext();
        if (IsAdmin(http.User)) return true;
        var cookie = await http.AuthenticateAsync(DashboardSignIn.Scheme);
        return cookie.Succeeded && IsAdmin(cookie.Principal);
    }

    private static bool IsAdmin(ClaimsPrincipal? user) => user?.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Admin);
}
