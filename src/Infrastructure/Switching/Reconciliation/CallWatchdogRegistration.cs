using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Application.Callbacks.Watchdog;

namespace SmsCallback.Infrastructure.Switching.Reconciliation;

public static class CallWatchdogRegistration
{
    /// <summary>For switches that can list their calls (simulator, Asterisk), the list reconciliation reads; VoipSwitch's trigger cannot.</summary>
    public static IServiceCollection AddSwitchCallList(this IServiceCollection services, SwitchProvider provider)
    {
        switch (provider)
        {
            case SwitchProvider.Simulator: services.AddSingleton<ISwitchCallList, SimulatorCallList>(); break;
            case SwitchProvider.Asterisk: services.AddSingleton<ISwitchCallList, AsteriskCallList>(); break;
        }
        return services;
    }

    /// <summary>The call watchdog, which also reconciles when the switch can list its calls (section <c>Watchdog</c>).</summary>
    public static IServiceCollection AddCallWatchdog(this IServiceCollection services)
    {
        services.AddOptions<CallWatchdogOptions>().BindConfiguration(CallWatchdogOptions.Section)
            .Validate(o => o.Interval > TimeSpan.Zero && o.ReconcileInterval > TimeSpan.Zero && o.ReconcileGrace >= TimeSpan.Zero,
                "Watchdog intervals must be positive and the reconcile grace not negative.")
            .ValidateOnStart();
        services.AddScoped<ICallbackWatchQueries, CallbackWatchQueries>();
        services.AddSingleton<CallWatchdog>();
        services.AddHostedService(sp => sp.GetRequiredService<CallWatchdog>());
        return services;
    }
}
