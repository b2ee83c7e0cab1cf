using System.Reflection;
using NetArchTest.Rules;

namespace SmsCallback.ArchitectureTests;

/// <summary>Domain ← Application ← Infrastructure ← Api/Workers: inner layers never reach outwards or into infrastructure packages.</summary>
public sealed class LayerTests
{
    private static readonly Assembly Domain = typeof(SmsCallback.Domain.Callbacks.Callback).Assembly;
    private static readonly Assembly Application = typeof(SmsCallback.Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(SmsCallback.Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly Api = typeof(SmsCallback.Api.DependencyInjection).Assembly;
    private static readonly Assembly Workers = typeof(SmsCallback.Workers.WorkerHost).Assembly;

    private static readonly string[] InfrastructureNamespaces =
        ["Microsoft.EntityFrameworkCore", "Microsoft.AspNetCore", "Hangfire", "System.IO.Ports", "Microsoft.Data.Sqlite", "Microsoft.Data.SqlClient"];

    public static TheoryData<string, string[]> Rules => new()
    {
        { "Domain", [.. InfrastructureNamespaces, "SmsCallback.Application", "SmsCallback.Infrastructure", "SmsCallback.Api", "SmsCallback.Workers", "Mediator", "FluentValidation"] },
        { "Application", [.. InfrastructureNamespaces, "SmsCallback.Infrastructure", "SmsCallback.Api", "SmsCallback.Workers"] },
        { "Infrastructure", ["SmsCallback.Api", "SmsCallback.Workers"] },
        { "Api", ["SmsCallback.Workers"] },
        { "Workers", ["SmsCallback.Api"] },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void A_layer_does_not_depend_on_what_lies_outside_it(string layer, string[] forbidden)
    {
        var result = Types.InAssembly(AssemblyOf(layer)).ShouldNot().HaveDependencyOnAny(forbidden).GetResult();

        Assert.True(result.IsSuccessful, $"{layer} depends on {string.Join(", ", forbidden)}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void The_rule_catches_a_violation()
    {
        // Infrastructure does use EF Core: the same check on it must fail, or the rules above prove nothing.
        var result = Types.InAssembly(Infrastructure).ShouldNot().HaveDependencyOnAny("Microsoft.EntityFrameworkCore").GetResult();
        Assert.False(result.IsSuccessful);
    }

    [Fact]
    public void Assemblies_reference_only_inner_layers()
    {
        static string[] Refs(Assembly a) => [.. a.GetReferencedAssemblies().Select(n => n.Name!).Where(n => n.StartsWith("SmsCallback.", StringComparison.Ordinal))];

        Assert.Empty(Refs(Domain));
        Assert.Equal(["SmsCallback.Domain"], Refs(Application));
        Assert.DoesNotContain("SmsCallback.Api", Refs(Infrastructure));
        Assert.DoesNotContain("SmsCallback.Workers", Refs(Api));
        Assert.Empty(Refs(Application).Intersect(["SmsCallback.Infrastructure"]));
    }

    [Fact]
    public void Commands_and_queries_are_named_for_what_they_are()
    {
        var messages = Application.GetTypes().Where(t => t.GetInterfaces().Any(i => i.Namespace == "Mediator" && i.Name.StartsWith("ICommand", StringComparison.Ordinal) && !i.Name.Contains("Handler")));
        var queries = Application.GetTypes().Where(t => t.GetInterfaces().Any(i => i.Namespace == "Mediator" && i.Name.StartsWith("IQuery", StringComparison.Ordinal) && !i.Name.Contains("Handler")));

        Assert.NotEmpty(messages);
        Assert.All(messages, t => Assert.EndsWith("Command", t.Name));
        Assert.All(queries, t => Assert.EndsWith("Query", t.Name));
    }

    private static Assembly AssemblyOf(string layer) => layer switch
    {
        "Domain" => Domain,
        "Application" => Application,
        "Infrastructure" => Infrastructure,
        "Api" => Api,
        _ => Workers,
    };
}
