using Microsoft.Extensions.Configuration;
using SmsCallback.Application;
using SmsCallback.Infrastructure;
using SmsCallback.Infrastructure.Forwarding;

namespace SmsCallback.Workers;

/// <summary>The background host, in one of two roles (<c>--role</c>, or the setting <c>Role</c>):
/// <list type="bullet">
/// <item><c>jobs</c> (default): a Hangfire server on the shared database (application data and job storage), so Api instances can run with
/// <c>Jobs:RunServer=false</c>.</item>
/// <item><c>forwarder</c>: the SMS forwarder on the modem's PC; it needs only the <c>Forwarder:*</c> settings (serial port, platform URL, id, key,
/// queue path), no database.</item>
/// </list></summary>
public static class WorkerHost
{
    public const string ForwarderRole = "forwarder";

    public static bool IsForwarder(IConfiguration configuration) =>
        string.Equals(configuration["Role"], ForwarderRole, StringComparison.OrdinalIgnoreCase);

    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        if (IsForwarder(builder.Configuration))
        {
            builder.Services.AddForwarder(builder.Configuration);
            return builder.Build();
        }
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Jobs:RunServer"] = "true" });
        builder.Services.AddApplication().AddInfrastructure(builder.Configuration);
        return builder.Build();
    }

    public static async Task RunAsync(string[] args)
    {
        using var host = Build(args);
        if (!IsForwarder(host.Services.GetRequiredService<IConfiguration>()))
        {
            await host.Services.InitialiseDatabaseAsync(CancellationToken.None);
        }
        await host.RunAsync();
    }
}
