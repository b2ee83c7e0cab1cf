using Microsoft.Extensions.Configuration;
using SmsCallback.Infrastructure;
using SmsCallback.Infrastructure.Persistence;

namespace SmsCallback.Workers;

/// <summary>The production background host: a Hangfire server on the shared database (application data and job storage),
/// so Api instances can run with <c>Jobs:RunServer=false</c>. Later roles (the SMS forwarder) start from here too.</summary>
public static class WorkerHost
{
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:RunServer"] = "true" });
        builder.Services.AddInfrastructure(builder.Configuration);
        return builder.Build();
    }

    public static async Task RunAsync(string[] args)
    {
        using var host = Build(args);
        await using (var scope = host.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<DatabaseInitialiser>().InitialiseAsync(CancellationToken.None);
        await host.RunAsync();
    }
}
