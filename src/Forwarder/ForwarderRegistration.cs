using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace SmsCallback.Forwarder;

public static class ForwarderRegistration
{
    /// <summary>The forwarder role alone: the serial port, the local queue and the platform client. No database, no jobs.
    /// <paramref name="platformHandler"/> lets tests put the platform in-process.</summary>
    public static IServiceCollection AddForwarder(this IServiceCollection services, IConfiguration configuration,
        Func<HttpMessageHandler>? platformHandler = null)
    {
        services.AddOptions<ForwarderOptions>().Bind(configuration.GetSection(ForwarderOptions.Section))
            .Validate(o => !string.IsNullOrWhiteSpace(o.SerialPort), "Forwarder:SerialPort is required (for example /dev/ttyUSB0 or COM3).")
            .Validate(o => Uri.TryCreate(o.PlatformUrl, UriKind.Absolute, out var u) && u.Scheme is "http" or "https",
                "Forwarder:PlatformUrl must be an absolute http(s) URL.")
            .Validate(o => o.Id != Guid.Empty && !string.IsNullOrWhiteSpace(o.Key), "Forwarder:Id and Forwarder:Key are required (from POST /api/admin/forwarders).")
            .Validate(o => o.BaudRate > 0 && o.CommandTimeout > TimeSpan.Zero && o.MinBackoff > TimeSpan.Zero && o.MaxBackoff >= o.MinBackoff,
                "Forwarder timing settings are out of range.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ForwarderQueue(sp.GetRequiredService<IOptions<ForwarderOptions>>().Value.QueuePath));
        services.AddSingleton(sp => new ForwarderPlatformClient(
            platformHandler is null ? new HttpClient { Timeout = TimeSpan.FromSeconds(30) } : new HttpClient(platformHandler(), disposeHandler: true),
            sp.GetRequiredService<IOptions<ForwarderOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<ForwarderService>();
        return services;
    }
}
