using System.Reflection;
using NetArchTest.Rules;
using SmsCallback.Domain.Sms;
using SmsCallback.Forwarder.Protocol;

namespace SmsCallback.ArchitectureTests;

/// <summary>The forwarder runs alone on the small PC beside the modem: it shares only the protocol with the platform (docs/adr/0030).</summary>
public sealed class ForwarderTests
{
    private static readonly Assembly Forwarder = typeof(SmsCallback.Forwarder.ForwarderHost).Assembly;
    private static readonly Assembly Protocol = typeof(ForwarderSignature).Assembly;

    [Fact]
    public void The_forwarder_references_no_platform_project_and_neither_ef_core_nor_hangfire()
    {
        var references = Forwarder.GetReferencedAssemblies().Select(n => n.Name!).ToList();

        Assert.Equal(["SmsCallback.Forwarder.Protocol"], references.Where(n => n.StartsWith("SmsCallback.", StringComparison.Ordinal)));
        Assert.DoesNotContain(references, n => n.StartsWith("Microsoft.EntityFrameworkCore", StringComparison.Ordinal) || n.StartsWith("Hangfire", StringComparison.Ordinal)
            || n.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
        var result = Types.InAssembly(Forwarder).ShouldNot()
            .HaveDependencyOnAny("SmsCallback.Domain", "SmsCallback.Application", "SmsCallback.Infrastructure", "SmsCallback.Api", "SmsCallback.Workers",
                "Microsoft.EntityFrameworkCore", "Hangfire", "Microsoft.AspNetCore")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }

    [Fact]
    public void The_protocol_depends_on_nothing_of_ours()
    {
        Assert.DoesNotContain(Protocol.GetReferencedAssemblies(), n => n.Name!.StartsWith("SmsCallback.", StringComparison.Ordinal));
    }

    [Fact]
    public void What_a_forwarder_may_send_is_what_the_platform_stores()
    {
        Assert.Equal(InboundSms.MaxAddressLength, ForwarderLimits.MaxFromLength);
        Assert.Equal(InboundSms.MaxTextLength, ForwarderLimits.MaxTextLength);
    }

    [Fact]
    public void The_job_server_refuses_the_old_forwarder_role_and_says_where_the_forwarder_went()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => SmsCallback.Workers.WorkerHost.Build(["--role", "forwarder"]));

        Assert.Contains("SmsCallback.Forwarder", refused.Message, StringComparison.Ordinal);
        Assert.Contains("docs/forwarder.md", refused.Message, StringComparison.Ordinal);
    }
}
