using System.Net;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
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
    /// <summary>A carrier's plug-in (<see cref="ICarrier"/>: registration and webhook) and its outbound sender, a typed HttpClient registered
    /// as the <see cref="IChannelSmsSender"/> of its channel.</summary>
    /// <remarks>Every connection goes through <see cref="CarrierConnections"/>: no proxy, no redirects, and only to addresses
    /// <see cref="CarrierUrlRules"/> allows (<c>Sms:CarrierUrls</c>).</remarks>
    internal static void AddCarrier<TCarrier, TSender>(IServiceCollection services, CarrierHttpOptions options, CarrierUrlOptions urls)
        where TCarrier : class, ICarrier where TSender : class, IChannelSmsSender
    {
        services.AddSingleton<ICarrier, TCarrier>();
        services.AddHttpClient<TSender>(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => CarrierConnections.CreateHandler(urls.AllowHttpToLoopback))
            .AddStandardResilienceHandler(o =>
        {
            o.AttemptTimeout.Timeout = options.AttemptTimeout;
            o.TotalRequestTimeout.Timeout = options.TotalTimeout;
            o.Retry.MaxRetryAttempts = options.MaxRetries;
            o.Retry.Delay = options.RetryDelay;
            o.Retry.BackoffType = DelayBackoffType.Exponential;
            o.Retry.UseJitter = true;
            o.Retry.ShouldRetryAfterHeader = true;
            o.CircuitBreaker.SamplingDuration = options.AttemptTimeout * 2 + TimeSpan.FromSeconds(1);
            o.Retry.ShouldHandle = args => args.Outcome.Exception is { } e && CarrierConnections.IsRefusal(e)
                ? ValueTask.FromResult(false) // the address will not become allowed by trying again
                : ValueTask.FromResult(HttpClientResiliencePredicates.IsTransient(args.Outcome));
        });
        services.AddTransient<IChannelSmsSender>(sp => sp.GetRequiredService<TSender>());
    }
}

/// <summary>What the four adapters share: the access number's credentials (by the number the SMS leaves from), the carrier URL rules
/// (checked before any request; the connection checks the resolved addresses), transport failures as transient, and a failure reason
/// made of the status code and a short reason of our own: never the carrier's response body, which a wrong URL would make anyone's.</summary>
public abstract class CarrierSmsSender(HttpClient http, ICarrierAccounts accounts, IOptions<CarrierUrlOptions> urls) : IChannelSmsSender
{
    /// <summary>How much of a carrier's answer is read: enough for its JSON, never a whole page.</summary>
    private const int MaxAnswerChars = 16 * 1024;

    protected HttpClient Http { get; } = http;

    public abstract string Channel { get; }

    public async Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct)
    {
        var account = await accounts.FindByNumberAsync(Channel, sms.From ?? "", ct);
        if (account is null) return SmsSendResult.Failure($"No {Channel} access number {sms.From} is registered.", transient: false);
        try
        {
            using var request = Build(account, sms);
            if (CarrierUrlRules.Check(request.RequestUri!, urls.Value.AllowHttpToLoopback) is { } refused)
                return SmsSendResult.Failure($"{Channel}: refused: {refused}", transient: false);
            using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            return Interpret(response.StatusCode, await ReadAnswerAsync(response, ct));
        }
        catch (HttpRequestException e) when (CarrierConnections.IsRefusal(e))
        {
            return SmsSendResult.Failure($"{Channel}: refused: {CarrierConnections.RefusalOf(e)!.Message}", transient: false);
        }
        catch (Exception e) when (e is HttpRequestException or TimeoutException or Polly.Timeout.TimeoutRejectedException
                                      or Polly.CircuitBreaker.BrokenCircuitException
                                  || (e is TaskCanceledException && !ct.IsCancellationRequested))
        {
            var reason = e is HttpRequestException { HttpRequestError: not HttpRequestError.Unknown } h ? h.HttpRequestError.ToString() : e.GetType().Name;
            return SmsSendResult.Failure($"{Channel}: {reason}", transient: true);
        }
    }

    private static async Task<string> ReadAnswerAsync(HttpResponseMessage response, CancellationToken ct)
    {
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(ct));
        var buffer = new char[MaxAnswerChars];
        var read = await reader.ReadBlockAsync(buffer, ct);
        return new string(buffer, 0, read);
    }

    protected abstract HttpRequestMessage Build(CarrierAccount account, OutgoingSms sms);

    protected abstract SmsSendResult Interpret(HttpStatusCode status, string body);

    protected static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests || (int)status >= 500;

    /// <summary>"twilio 400 BadRequest": the status code and its standard name, nothing the server wrote.</summary>
    protected string Failed(HttpStatusCode status) => $"{Channel} {(int)status} {ReasonOf(status)}";

    private static string ReasonOf(HttpStatusCode status) =>
        Enum.IsDefined(status) ? status.ToString() : (int)status >= 500 ? "ServerError" : (int)status >= 400 ? "ClientError" : "Unexpected";

    /// <summary>A carrier's error code, only when it is a short number or word (Twilio's 21211, Vonage's "4"): a code, not a message.</summary>
    protected static string? Code(string? value) =>
        value is { Length: > 0 and <= 12 } v && v.All(char.IsAsciiLetterOrDigit) ? v : null;

    protected static string BaseUrl(CarrierAccount account, string fallback) =>
        (account.Setting(CarrierSetting.BaseUrl) ?? fallback).TrimEnd('/');

    protected static System.Net.Http.Headers.AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{user}:{password}")));
}
