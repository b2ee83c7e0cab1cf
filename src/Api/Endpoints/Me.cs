namespace SmsCallback.Api.Endpoints;

/// <summary>The signed-in customer's own account (role client).</summary>
internal static class Me
{
    public static void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me").WithTags("Me").RequireAuthorization(Infrastructure.Roles.Client);
        AccountResources.Map(group, http => Guid.Parse(http.User.FindFirst("sub")!.Value));
    }
}
