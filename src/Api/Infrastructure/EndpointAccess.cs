namespace SmsCallback.Api.Infrastructure;

/// <summary>Marks an endpoint open to anonymous callers, with the reason. Every endpoint either carries this marker or requires a role
/// (the fallback policy, "any signed-in user", is not a decision): EndpointAuthorizationTests reads the endpoint table and fails on any
/// other endpoint.</summary>
public sealed record PublicEndpoint(string Reason);

/// <summary>Marks an endpoint that ASP.NET Core lets through anonymously because the endpoint itself checks the caller's
/// <paramref name="Role"/> and answers 401/403 (the Hangfire dashboard and its filter).</summary>
public sealed record CallerCheckedByEndpoint(string Role);

public static class EndpointAccess
{
    /// <summary>Anonymous callers allowed, for the stated <paramref name="reason"/> (a signature, the sign-in itself, health probes).</summary>
    public static TBuilder Public<TBuilder>(this TBuilder builder, string reason) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().WithMetadata(new PublicEndpoint(reason));

    /// <summary>Anonymous to ASP.NET Core's authorization; the endpoint's own code admits only <paramref name="role"/>.</summary>
    public static TBuilder CallerCheckedByEndpoint<TBuilder>(this TBuilder builder, string role) where TBuilder : IEndpointConventionBuilder =>
        builder.AllowAnonymous().WithMetadata(new CallerCheckedByEndpoint(role));
}
