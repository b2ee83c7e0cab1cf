using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Callbacks.DispatchCallback;
using SmsCallback.Application.Callbacks.ExpireStuckCallback;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms.ReceiveInboundSmsPart;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Infrastructure.Switching;

namespace SmsCallback.Infrastructure.Processing;

/// <summary>At start-up and then periodically, picks up what a crash left behind: SMS stored but not processed,
/// domain events left in the outbox, callbacks requested but not dispatched, replies queued but never handed to the job server. Every step
/// is idempotent.</summary>
internal sealed partial class RecoverySweeper(
    IServiceScopeFactory scopes, InboundSmsQueue queue, OutboxQueue outbox, IOptions<ProcessingOptions> options, IOptions<SwitchOptions> switchOptions,
    IOptions<Application.Common.AntiAbuseOptions> antiAbuse, TimeProvider clock, ILogger<RecoverySweeper> logger)
    : BackgroundService
{
    private const int Batch = 500;

    private static readonly CallbackState[] Ringing = [CallbackState.DialingSource, CallbackState.SourceAnswered, CallbackState.DialingDestination];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var grace = TimeSpan.Zero; // at start-up nothing is in flight
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SweepAsync(grace, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogSweepFailed(ex);
            }
            grace = options.Value.SweepGrace;
            try
            {
                await Task.Delay(options.Value.SweepInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async Task SweepAsync(TimeSpan grace, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var before = clock.GetUtcNow() - grace;

        foreach (var id in await services.GetRequiredService<IInboundSmsRepository>().ListPendingIdsAsync(before, Batch, ct)) // younger ones are still in the in-process queue
            queue.Enqueue(id);

        var jobs = services.GetRequiredService<IBackgroundJobs>();
        foreach (var id in await services.GetRequiredService<IOutboundSmsRepository>().ListUnsentIdsCreatedBeforeAsync(clock.GetUtcNow() - options.Value.OutboxSweepGrace, Batch, ct))
            jobs.EnqueueSendSms(id);

        // Domain events a crash left in the outbox (their in-process hand-off died with the process).
        foreach (var id in await services.GetRequiredService<Persistence.AppDbContext>().OutboxMessages.AsNoTracking()
                     .Where(m => m.OccurredAt < before).OrderBy(m => m.OccurredAt).Select(m => m.Id).Take(Batch).ToListAsync(ct))
            outbox.Enqueue(id, null);

        var sender = services.GetRequiredService<ISender>();
        var callbacks = services.GetRequiredService<ICallbackRepository>();
        foreach (var id in await callbacks.ListIdsInStateCreatedBeforeAsync(CallbackState.Requested, before, Batch, ct))
            await sender.Send(new DispatchCallbackCommand(id), ct);

        // Callbacks the switch went silent on. A switch that reports no progress (VoipSwitch) hands callbacks off instead.
        var now = clock.GetUtcNow();
        var stuck = (await callbacks.ListIdsInStatesUpdatedBeforeAsync(Ringing, now - switchOptions.Value.RingTimeout, Batch, ct))
            .Concat(await callbacks.ListIdsInStatesUpdatedBeforeAsync([CallbackState.Connected], now - switchOptions.Value.CallTimeout, Batch, ct));
        foreach (var id in stuck) await sender.Send(new ExpireStuckCallbackCommand(id), ct);
        await sender.Send(new AssembleExpiredSmsPartsCommand(), ct); // long SMS whose missing parts never came
        await ForgetOldRateCountsAsync(services, ct);
    }

    /// <summary>The callback counts of buckets that no limit's window reaches any more (docs/adr/0051-callback-rate-counts.md). In a batch:
    /// on SQLite it waits for the write lock in line with the other writers.</summary>
    private async Task ForgetOldRateCountsAsync(IServiceProvider services, CancellationToken ct)
    {
        var oldest = Persistence.RateCounts.CallbackRateCount.BucketOf(clock.GetUtcNow() - antiAbuse.Value.CallbackRateWindow);
        var db = services.GetRequiredService<Persistence.AppDbContext>();
        await services.GetRequiredService<Persistence.UnitOfWork>().RunBatchAsync(
            token => db.CallbackRateCounts.Where(c => c.Bucket < oldest).ExecuteDeleteAsync(token), options.Value.BatchTimeBudget, ct);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Recovery sweep failed")]
    private partial void LogSweepFailed(Exception ex);
}
