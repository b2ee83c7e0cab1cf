using Microsoft.Extensions.Configuration;
using SmsCallback.Application;
using SmsCallback.Infrastructure;

namespace SmsCallback.Workers;

/// <summary>The background host: a Hangfire server on the shared database (application data and job storage), so Api instances can run
/// with <c>Jobs:RunServer=false</c>. The SMS forwarder that used to be its <c>--role forwarder</c> is its own program now
/// (<c>src/Forwarder</c>, docs/forwarder.md); asked for that role, this host says so and stops instead of starting the wrong thing.</summary>
public static class WorkerHost
{
    public const string ForwarderRole = "forwarder";

    public static bool IsForwarder(IConfiguration configuration) =>
        string.Equals(configuration["Role"], ForwarderRole, StringComparison.OrdinalIgnoreCase);

    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        if (IsForwarder(builder.Configuration))
            throw new InvalidOperationException("The SMS forwarder is its own program now: run SmsCallback.Forwarder (src/Forwarder) with the same "
                + "Forwarder:* settings and without --role. See docs/forwarder.md.");
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:RunServer"] = "true" });
        builder.Services.AddApplication().AddInfrastructure(builder.Configuration);
        return builder.Build();
    }

    public static async Task<int> RunAsync(string[] args)
    {
        IHost host;
        try { host = Build(args); }
        catch (InvalidOperationException e) when (e.Message.StartsWith("The SMS forwarder", StringComparison.Ordinal))
        {
            await Console.Error.WriteLineAsync(e.Message);
            return 2;
        }
        using var _ = host;
        await host.Services.InitialiseDatabaseAsync(CancellationToken.None);
        await host.RunAsync();
        return 0;
    }
}
