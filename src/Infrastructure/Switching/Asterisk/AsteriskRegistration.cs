using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Infrastructure.Switching.Asterisk;

public static class AsteriskRegistration
{
    /// <summary>The Asterisk ARI adapter as the <see cref="ISwitch"/>: validated <c>Switch:Asterisk</c> settings, the REST client with Basic
    /// auth and the standard resilience pipeline (retries with back-off on transient failures, time-outs, a circuit breaker), and the
    /// event WebSocket.</summary>
    public static IServiceCollection AddAsteriskSwitch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<AsteriskOptions>().Bind(configuration.GetSection(AsteriskOptions.Section)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AsteriskOptions>, AsteriskOptionsValidator>();

        services.AddHttpClient<AriClient>((sp, http) =>
            {
                var o = sp.GetRequiredService<IOptions<AsteriskOptions>>().Value;
                http.BaseAddress = o.RestUri();
                http.DefaultRequestHeaders.Authorization =
                    new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{o.Username}:{o.Password}")));
            })
            // The client lives in a singleton: pooled connections are renewed instead of the handler.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(o =>
            {
                o.Retry.MaxRetryAttempts = 3;
                o.Retry.Delay = TimeSpan.FromMilliseconds(200);
                o.AttemptTimeout.Timeout = TimeSpan.FromSeconds(5);
                o.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(20);
                o.TotalRequestTimeout.Timeout = TimeSpan.FromSeconds(20);
            });

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<AriEventStream>();
        services.AddSingleton<AsteriskSwitch>();
        services.AddSingleton<ISwitch>(sp => sp.GetRequiredService<AsteriskSwitch>());
        return services;
    }
}
