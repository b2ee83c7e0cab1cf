using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Telemetry;
using SmsCallback.Infrastructure.Switching;
using SmsCallback.Infrastructure.Switching.Asterisk;
using SmsCallback.Infrastructure.Telemetry;

namespace SmsCallback.Infrastructure.Operations;

public static class OperationsRegistration
{
    /// <summary>The key of the switch and SMS adapters themselves; the unkeyed <c>ISwitch</c> and <c>ISmsSender</c> wrap them with metrics.</summary>
    internal const string Adapter = "adapter";

    /// <summary>The domain metrics, the readings behind the gauges, the switch connection status, the decorators that observe the switch and
    /// the SMS sender, and the checks of <c>/health/details</c>. Call after the switch and the SMS sender are registered.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<OperationsOptions>().Bind(configuration.GetSection(OperationsOptions.Section))
            .Validate(o => o.SnapshotInterval > TimeSpan.Zero && o.ForwarderSilentAfter > TimeSpan.Zero && o.InboxBacklogAge > TimeSpan.Zero
                           && o.InboxBacklogCount >= 1, "Operations settings must be positive.")
            .ValidateOnStart();
        services.AddSingleton<SmsCallbackMetrics>();
        services.AddSingleton<SwitchConnectionStatus>();
        services.AddSingleton<IOperationsReadings, OperationsReadings>();
        services.AddSingleton<TelemetrySaveChangesInterceptor>();

        var switchName = (configuration.GetSection(SwitchOptions.Section).Get<SwitchOptions>()?.Provider ?? SwitchProvider.Simulator).ToString().ToLowerInvariant();
        services.AddSingleton<ISwitch>(sp =>
        {
            var inner = sp.GetRequiredKeyedService<ISwitch>(Adapter);
            var status = sp.GetRequiredService<SwitchConnectionStatus>();
            status.Register(switchName, hasConnection: inner is AsteriskSwitch);
            return new ObservedSwitch(inner, switchName, status, sp.GetRequiredService<SmsCallbackMetrics>(), sp.GetRequiredService<ILogger<ObservedSwitch>>());
        });
        services.AddSingleton<ISmsSender>(sp =>
            new MeteredSmsSender(sp.GetRequiredKeyedService<ISmsSender>(Adapter), sp.GetRequiredService<SmsCallbackMetrics>()));

        services.AddHealthChecks()
            .AddCheck<SwitchHealthCheck>("switch", tags: [HealthItem.DetailsTag])
            .AddCheck<InboxHealthCheck>("inbox", tags: [HealthItem.DetailsTag])
            .AddCheck<ForwardersHealthCheck>("forwarders", tags: [HealthItem.DetailsTag])
            .AddCheck<AccessNumbersHealthCheck>("access-numbers", tags: [HealthItem.DetailsTag]);
        return services;
    }
}
