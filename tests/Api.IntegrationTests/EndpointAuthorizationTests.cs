using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Api.IntegrationTests.Infrastructure;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Built from the app's own endpoint table, not a list kept by hand: every route either is marked public
/// (<see cref="EndpointAccess.Public{TBuilder}"/>, with its reason) or requires a role, and then answers 401 to an anonymous caller
/// and 403 to the other role. A new endpoint with no decision fails here.</summary>
public sealed class EndpointAuthorizationTests : IDisposable
{
    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    /// <summary>The access decision an endpoint carries: "public", a role, or null when nobody decided.</summary>
    internal static string? DecisionOf(Endpoint endpoint)
    {
        var metadata = endpoint.Metadata;
        if (metadata.GetMetadata<PublicEndpoint>() is not null) return "public";
        if (metadata.GetMetadata<CallerCheckedByEndpoint>() is { } own) return own.Role;
        if (metadata.GetMetadata<IAllowAnonymous>() is not null) return null; // anonymous without a stated reason
        var roles = metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy ?? a.Roles)
            .Where(p => p is Roles.Admin or Roles.Client).Distinct().ToList();
        return roles.Count == 1 ? roles[0] : null;
    }

    [Fact]
    public async Task Every_endpoint_is_public_by_decision_or_refuses_anonymous_callers_and_the_other_role()
    {
        var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "customer", "pass1234");
        var customer = await _app.ClientForAsync("customer", "pass1234");
        var anonymous = _app.CreateClient();
        var endpoints = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        Assert.True(endpoints.Count > 50, $"only {endpoints.Count} endpoints found");

        var undecided = endpoints.Where(e => DecisionOf(e) is null).Select(Describe).ToList();
        Assert.True(undecided.Count == 0,
            "These endpoints have no access decision (mark them .Public(reason) or require a role): " + string.Join(", ", undecided));

        var wrong = new List<string>();
        foreach (var endpoint in endpoints.Where(e => DecisionOf(e) != "public"))
        {
            var otherRole = DecisionOf(endpoint) == Roles.Admin ? customer : admin;
            foreach (var method in endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
            {
                var url = UrlOf(endpoint.RoutePattern);
                var (asAnonymous, asOtherRole) = (await SendAsync(anonymous, method, url), await SendAsync(otherRole, method, url));
                if (asAnonymous != HttpStatusCode.Unauthorized || asOtherRole != HttpStatusCode.Forbidden)
                    wrong.Add($"{method} {url}: anonymous {(int)asAnonymous}, other role {(int)asOtherRole}");
            }
        }
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void An_endpoint_without_a_decision_is_caught()
    {
        static RouteEndpoint Endpoint(params object[] metadata) =>
            new(_ => Task.CompletedTask, RoutePatternFactory.Parse("/api/new"), 0, new EndpointMetadataCollection(metadata), "new");

        Assert.Null(DecisionOf(Endpoint())); // only the fallback policy: any signed-in user
        Assert.Null(DecisionOf(Endpoint(new AllowAnonymousAttribute()))); // anonymous with no stated reason
        Assert.Null(DecisionOf(Endpoint(new AuthorizeAttribute())));
        Assert.Equal("public", DecisionOf(Endpoint(new AllowAnonymousAttribute(), new PublicEndpoint("a reason"))));
        Assert.Equal(Roles.Admin, DecisionOf(Endpoint(new AuthorizeAttribute(Roles.Admin))));
    }

    private static async Task<HttpStatusCode> SendAsync(HttpClient client, string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = JsonContent.Create(new { }) };
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    /// <summary>A URL the route matches: a new GUID for a guid parameter, "1" for the others, nothing for a catch-all.</summary>
    private static string UrlOf(RoutePattern pattern)
    {
        var segments = pattern.PathSegments.Select(s => string.Concat(s.Parts.Select(part => part switch
        {
            RoutePatternLiteralPart literal => literal.Content,
            RoutePatternSeparatorPart separator => separator.Content,
            RoutePatternParameterPart { IsCatchAll: true } => "",
            RoutePatternParameterPart p when p.ParameterPolicies.Any(x => x.Content == "guid") => Guid.NewGuid().ToString(),
            _ => "1",
        })));
        return "/" + string.Join('/', segments).TrimEnd('/');
    }

    private static string Describe(RouteEndpoint e) =>
        $"{string.Join('|', e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["*"])} {e.RoutePattern.RawText}";
}
