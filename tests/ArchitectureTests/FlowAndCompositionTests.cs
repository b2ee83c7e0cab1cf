using System.Reflection;
using NetArchTest.Rules;

namespace SmsCallback.ArchitectureTests;

/// <summary>The rules of docs/adr/0026–0028: one unit of work per command (no handler retries a save), one direction of flow (no handler
/// sends another handler's command), and composition that cannot leak (the Api sees only Infrastructure's public surface; nobody reads
/// registrations back out of the service collection). Each rule is a function of the assembly and namespace it checks, so
/// <see cref="Each_rule_fails_on_a_deliberate_violation"/> can run it against <c>Fixtures</c>.</summary>
public sealed class FlowAndCompositionTests
{
    private static readonly Assembly Application = typeof(SmsCallback.Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(SmsCallback.Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly Api = typeof(SmsCallback.Api.DependencyInjection).Assembly;
    private static readonly Assembly Workers = typeof(SmsCallback.Workers.WorkerHost).Assembly;
    private static readonly Assembly Fixtures = typeof(Fixtures.ViolatingHandler).Assembly;
    private const string FixturesNamespace = "SmsCallback.ArchitectureTests.Fixtures";

    /// <summary>What the Api may use of Infrastructure: the composition root (<c>AddInfrastructure</c>, <c>AddCallbackProcessing</c>,
    /// <c>InitialiseDatabaseAsync</c>, <c>HealthItem</c>) and the built-in simulator's control API, which exists for the admin endpoints.</summary>
    private static readonly string[] PublicSurface = ["SmsCallback.Infrastructure", "SmsCallback.Infrastructure.Switching.Simulator"];

    private static TestResult NoHandlerSendsThroughTheMediator(Assembly assembly, string ns) =>
        Types.InAssembly(assembly).That().ResideInNamespaceStartingWith(ns)
            .ShouldNot().HaveDependencyOnAny("Mediator.ISender", "Mediator.IMediator", "Mediator.IPublisher").GetResult();

    /// <summary>Only <c>UnitOfWorkBehaviour</c> knows <c>ConcurrencyConflictException</c>: no handler or service catches it to retry.</summary>
    private static TestResult NoSaveRetryLoops(Assembly assembly, string ns) =>
        Types.InAssembly(assembly).That().ResideInNamespaceStartingWith(ns)
            .And().DoNotHaveNameStartingWith("UnitOfWorkBehaviour")
            .ShouldNot().HaveDependencyOn("SmsCallback.Application.Common.Interfaces.ConcurrencyConflictException").GetResult();

    private static TestResult NothingReadsBackFromTheServiceCollection(Assembly assembly, string ns) =>
        Types.InAssembly(assembly).That().ResideInNamespaceStartingWith(ns)
            .ShouldNot().HaveDependencyOn("Microsoft.Extensions.DependencyInjection.ServiceDescriptor").GetResult();

    private static TestResult ApiUsesOnlyThePublicSurface(Assembly assembly, string ns, IEnumerable<string> allowed) =>
        Types.InAssembly(assembly).That().ResideInNamespaceStartingWith(ns)
            .ShouldNot().HaveDependencyOnAny([.. InternalTypes(allowed)]).GetResult();

    /// <summary>Infrastructure's types outside the <paramref name="allowed"/> namespaces (exactly those: a sub-namespace is not implied).</summary>
    private static IEnumerable<string> InternalTypes(IEnumerable<string> allowed) =>
        Infrastructure.GetTypes().Where(t => !t.IsNested && t.Namespace is { } n && n.StartsWith("SmsCallback.Infrastructure", StringComparison.Ordinal)
                                             && !allowed.Contains(n))
            .Select(t => t.FullName!);

    private static string Failing(TestResult result) => string.Join(", ", result.FailingTypeNames ?? []);

    [Fact]
    public void No_handler_calls_another_handler_through_the_mediator()
    {
        var result = NoHandlerSendsThroughTheMediator(Application, "SmsCallback");
        Assert.True(result.IsSuccessful, $"These Application types send through the mediator: {Failing(result)}");
    }

    [Fact]
    public void No_handler_retries_its_own_save()
    {
        var result = NoSaveRetryLoops(Application, "SmsCallback");
        Assert.True(result.IsSuccessful, $"These Application types handle ConcurrencyConflictException themselves: {Failing(result)}");
    }

    [Theory]
    [InlineData("Application")]
    [InlineData("Infrastructure")]
    [InlineData("Api")]
    [InlineData("Workers")]
    public void No_layer_reads_registrations_back_from_the_service_collection(string layer)
    {
        var assembly = layer switch { "Application" => Application, "Infrastructure" => Infrastructure, "Api" => Api, _ => Workers };
        var result = NothingReadsBackFromTheServiceCollection(assembly, "SmsCallback");
        Assert.True(result.IsSuccessful, $"{layer} reads the service collection: {Failing(result)}");
    }

    [Fact]
    public void The_api_uses_only_the_public_surface_of_infrastructure()
    {
        var result = ApiUsesOnlyThePublicSurface(Api, "SmsCallback", PublicSurface);
        Assert.True(result.IsSuccessful, $"These Api types use Infrastructure internals: {Failing(result)}");
    }

    [Fact]
    public void The_infrastructure_does_not_add_the_application()
    {
        var result = Types.InAssembly(Infrastructure).ShouldNot().HaveDependencyOn("SmsCallback.Application.DependencyInjection").GetResult();
        Assert.True(result.IsSuccessful, $"Infrastructure composes the application: {Failing(result)}");
    }

    [Fact]
    public void Every_endpoint_group_is_discovered_none_is_listed_by_hand()
    {
        var groups = SmsCallback.Api.Endpoints.EndpointGroups.All(Api).ToList();
        Assert.True(groups.Count >= 16, $"Only {groups.Count} endpoint groups found.");
        Assert.All(groups, g => Assert.NotNull(g.GetConstructor(Type.EmptyTypes)));
    }

    [Fact]
    public void Each_rule_fails_on_a_deliberate_violation()
    {
        // The fixtures break every rule; a rule that passes on them proves nothing about the product.
        Assert.Contains("ViolatingHandler", Failing(NoHandlerSendsThroughTheMediator(Fixtures, FixturesNamespace)));
        Assert.Contains("ViolatingHandler", Failing(NoSaveRetryLoops(Fixtures, FixturesNamespace)));
        Assert.Contains("ViolatingComposition", Failing(NothingReadsBackFromTheServiceCollection(Fixtures, FixturesNamespace)));
        Assert.Contains("ViolatingEndpoint", Failing(ApiUsesOnlyThePublicSurface(Fixtures, FixturesNamespace, PublicSurface)));
    }
}
