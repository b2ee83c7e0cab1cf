using System.Reflection;
using SmsCallback.Api.Infrastructure;

namespace SmsCallback.Api.Endpoints;

/// <summary>A set of endpoints that maps itself at the application's root. <see cref="EndpointGroups.MapEndpointGroups"/> finds every
/// implementation once at start-up, so adding a group is adding a class, not editing a list.</summary>
internal interface IEndpointGroup
{
    void Map(IEndpointRouteBuilder app);
}

/// <summary>A set of endpoints under <c>/api/admin</c>, which requires the admin role.</summary>
internal interface IAdminEndpointGroup
{
    void Map(RouteGroupBuilder admin);
}

internal static class EndpointGroups
{
    /// <summary>Maps every <see cref="IEndpointGroup"/> and <see cref="IAdminEndpointGroup"/> of this assembly, in name order.</summary>
    public static void MapEndpointGroups(this WebApplication app)
    {
        var groups = typeof(EndpointGroups).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsAbstract: false } && t.GetConstructor(Type.EmptyTypes) is not null)
            .OrderBy(t => t.FullName, StringComparer.Ordinal)
            .Select(t => (Type: t, Instance: typeof(IEndpointGroup).IsAssignableFrom(t) || typeof(IAdminEndpointGroup).IsAssignableFrom(t)
                ? Activator.CreateInstance(t) : null))
            .Where(g => g.Instance is not null)
            .ToList();
        foreach (var (_, group) in groups)
            if (group is IEndpointGroup root) root.Map(app);
        var admin = app.MapGroup("/api/admin").RequireAuthorization(Roles.Admin);
        foreach (var (_, group) in groups)
            if (group is IAdminEndpointGroup adminGroup) adminGroup.Map(admin);
    }

    /// <summary>The groups <see cref="MapEndpointGroups"/> maps (for the architecture tests).</summary>
    public static IEnumerable<Type> All(Assembly assembly) => assembly.GetTypes()
        .Where(t => typeof(IEndpointGroup).IsAssignableFrom(t) || typeof(IAdminEndpointGroup).IsAssignableFrom(t)).Where(t => t.IsClass);
}
