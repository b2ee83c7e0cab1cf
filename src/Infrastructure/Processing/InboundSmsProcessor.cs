using System.Diagnostics;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Telemetry;
using SmsCallback.Application.Sms.ProcessInboundSms;
using SmsCallback.Infrastructure.Persistence;
using SmsCallback.Infrastructure.Telemetry;

namespace SmsCallback.Infrastructure.Processing;

/// <summary>Processes stored SMS as soon as they are handed over: the hot path from webhook to switch, without a job-storage poll. The SMS
/// waiting at a moment are taken together (up to <see cref="ProcessingOptions.BatchSize"/>) and processed one after the other in one
/// transaction (docs/adr/0038-batched-processing.md): one commit for many, and no two processors racing for the same account row. An SMS
/// whose processing fails loses only its own changes and stays pending for the sweep; the others are committed.</summary>
public sealed partial class InboundSmsProcessor(
    InboundSmsQueue queue, IServiceScopeFactory scopes, IngestPressure ingest, IOptions<ProcessingOptions> options, ILogger<InboundSmsProcessor> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency)).Select(_ => ConsumeAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken ct)
    {
        await Task.Yield();
        var batch = new List<QueuedSms>(options.Value.BatchSize);
        try
        {
            while (await queue.Reader.WaitToReadAsync(ct))
            {
                await ingest.YieldAsync(options.Value.IngestFirstMaxWait, ct); // a flood of webhooks first; the backlog waits in the inbox
                batch.Clear();
                while (batch.Count < Math.Max(1, options.Value.BatchSize) && queue.Reader.TryRead(out var item)) batch.Add(item);
                if (batch.Count == 0) continue;
                await ProcessBatchAsync(batch, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task ProcessBatchAsync(List<QueuedSms> batch, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            var unitOfWork = services.GetRequiredService<UnitOfWork>();
            var sender = services.GetRequiredService<ISender>();
            await unitOfWork.RunBatchAsync(async token =>
            {
                for (var i = 0; i < batch.Count; i++)
                {
                    if (i > 0 && unitOfWork.BatchShouldEnd)
                    {
                        // The write lock is held for the batch: what is left waits for the next one rather than keep other writers waiting.
                        foreach (var rest in batch.Skip(i)) queue.Requeue(rest);
                        batch.RemoveRange(i, batch.Count - i);
                        break;
                    }
                    await ProcessOneAsync(batch[i], sender, unitOfWork, token);
                }
            }, options.Value.BatchTimeBudget, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogBatchFailed(ex, batch.Count); // nothing of the batch was kept: every SMS stays Pending and the sweeper tries again
        }
    }

    private async Task ProcessOneAsync(QueuedSms sms, ISender sender, UnitOfWork unitOfWork, CancellationToken ct)
    {
        // Every log line of this SMS carries its id; its processing continues the webhook's trace.
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["InboundSmsId"] = sms.Id });
        using var activity = SmsCallbackActivities.Source.StartActivity("sms.process", ActivityKind.Consumer, sms.Parent)
            ?.SetTag("smscallback.inbound_sms_id", sms.Id);
        using var hotPath = HotPath.Begin(sms.EnqueuedAt);
        try
        {
            await sender.Send(new ProcessInboundSmsCommand(sms.Id), ct);
            unitOfWork.EndCommand();
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            unitOfWork.AbandonCurrent(); // its own changes only: the SMS before it in the batch are saved
            LogFailed(ex, sms.Id); // stays Pending: the sweeper tries again
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Processing inbound SMS {InboundSmsId} failed; it will be retried by the sweep")]
    private partial void LogFailed(Exception ex, Guid inboundSmsId);

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} inbound SMS could not be committed; they will be retried by the sweep")]
    private partial void LogBatchFailed(Exception ex, int count);
}
