using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Telemetry;
using SmsCallback.Application.Sms.ProcessInboundSms;
using SmsCallback.Infrastructure.Telemetry;

namespace SmsCallback.Infrastructure.Processing;

/// <summary>Processes stored SMS as soon as they are handed over: the hot path from webhook to switch, without a job-storage poll.</summary>
public sealed partial class InboundSmsProcessor(
    InboundSmsQueue queue, IServiceScopeFactory scopes, IOptions<ProcessingOptions> options, ILogger<InboundSmsProcessor> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency)).Select(_ => ConsumeAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await foreach (var (id, parent, enqueuedAt) in queue.Reader.ReadAllAsync(ct))
            {
                // Every log line of this SMS carries its id; its processing continues the webhook's trace.
                using var logScope = logger.BeginScope(new Dictionary<string, object> { ["InboundSmsId"] = id });
                using var activity = SmsCallbackActivities.Source.StartActivity("sms.process", ActivityKind.Consumer, parent)
                    ?.SetTag("smscallback.inbound_sms_id", id);
                using var hotPath = HotPath.Begin(enqueuedAt);
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ProcessInboundSmsCommand(id), ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                    LogFailed(ex, id); // stays Pending: the sweeper tries again
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing inbound SMS {InboundSmsId} failed; it will be retried by the sweep")]
    private partial void LogFailed(Exception ex, Guid inboundSmsId);
}
