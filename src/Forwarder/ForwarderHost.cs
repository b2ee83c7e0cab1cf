using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SmsCallback.Forwarder;

/// <summary>The forwarder program: settings from an optional <c>appsettings.json</c> in the working directory, environment variables (<c>Forwarder__Key</c>, …)
/// and the command line (<c>--Forwarder:SerialPort /dev/ttyUSB0</c>). Under systemd it reports readiness (<c>Type=notify</c>) and logs to the
/// journal; elsewhere it is an ordinary console program.</summary>
public static class ForwarderHost
{
    public static IHost Build(string[] args)
    {
        var builder = Host.CreateApplicationBuilder(args);
        builder.Services.AddSystemd();
        // One line per HTTP request (the outbound poll runs every few seconds) would drown the modem's and the platform's state.
        builder.Logging.AddFilter("System.Net.Http.HttpClient", LogLevel.Warning);
        builder.Services.AddForwarder(builder.Configuration);
        return builder.Build();
    }
}
