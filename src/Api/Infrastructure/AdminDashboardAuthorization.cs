using Hangfire.Dashboard;

namespace SmsCallback.Api.Infrastructure;

/// <summary>The Hangfire dashboard is for admins only (a bearer token with the admin role).</summary>
internal sealed class AdminDashboardAuthorization : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context)
    {
        var user = context.GetHttpContext().User;
        return user.Identity?.IsAuthenticated == true && user.IsInRole(Roles.Admin);
    }
}
