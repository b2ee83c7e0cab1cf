using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Timeouts and retries of the carriers' APIs (<c>Sms:Http</c>). Retries (with exponential back-off and jitter) cover timeouts,
/// 408, 429 and 5xx; other 4xx are final. The total time bounds every attempt and wait together.</summary>
public sealed class CarrierHttpOptions
{
    public const string Section = "Sms:Http";

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(30);
    public int MaxRetries { get; set; } = 2;
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);
}

public static class CarrierHttp
{
    /// <summary>The typed HttpClients of the four carriers, each registered as the <see cref="IChannelSmsSender"/> of its channel.</summary>
    public static IServiceCollection AddCarrierSenders(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection(CarrierHttpOptions.Section).Get<CarrierHttpOptions>() ?? new CarrierHttpOptions();
        Add<TwilioSmsSender>(services, options);
        Add<VonageSmsSender>(services, options);
        Add<PlivoSmsSender>(services, options);
        Add<KannelSmsSender>(services, options);
        return services;
    }

    private static void Add<TSender>(IServiceCollection services, CarrierHttpOptions options) where TSender : class, IChannelSmsSender
    {
        services.AddHttpClient<TSender>(c => c.Timeout = Timeout.InfiniteTimeSpan).AddStandardResilienceHandler(o =>
        {
            o.AttemptTimeout.Timeout = options.AttemptTimeout;
            o.TotalRequestTimeout.Timeout = options.TotalTimeout;
            o.Retry.MaxRetryAttempts = options.MaxRetries;
            o.Retry.Delay = options.RetryDelay;
            o.Retry.BackoffType = DelayBackoffType.Exponential;
            o.Retry.UseJitter = true;
            o.Retry.ShouldRetryAfterHeader = true;
            o.CircuitBreaker.SamplingDuration = options.AttemptTimeout * 2 + TimeSpan.FromSeconds(1);
        });
        services.AddTransient<IChannelSmsSender>(sp => sp.GetRequiredService<TSender>());
    }
}

/// <summary>What the four adapters share: the access number's credentials (by the number the SMS leaves from), transport failures as
/// transient, and the carrier's own words as the reason of a failure.</summary>
public abstract class CarrierSmsSender(HttpClient http, ICarrierAccounts accounts) : IChannelSmsSender
{
    protected HttpClient Http { get; } = http;

    public abstract string Channel { get; }

    public async Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct)
    {
        var account = await accounts.FindByNumberAsync(Channel, sms.From ?? "", ct);
        if (account is null) return SmsSendResult.Failure($"No {Channel} access number {sms.From} is registered.", transient: false);
        try
        {
            using var request = Build(account, sms);
            using var response = await Http.SendAsync(request, ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            return Interpret(response.StatusCode, body);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                      or Polly.CircuitBreaker.BrokenCircuitException
                                  || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            return SmsSendResult.Failure($"{Channel}: {e.GetType().Name}: {e.Message}", transient: true);
        }
    }

    protected abstract HttpRequestMessage Build(CarrierAccount account, OutgoingSms sms);

    protected abstract SmsSendResult Interpret(HttpStatusCode status, string body);

    protected static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    protected static string Clip(string s) => s.Length <= 300 ? s.Trim() : s[..300].Trim();

    protected static string BaseUrl(CarrierAccount account, string fallback) =>
        (account.Setting(CarrierSetting.BaseUrl) ?? fallback).TrimEnd('/');

    protected static System.Net.Http.Headers.AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
}
