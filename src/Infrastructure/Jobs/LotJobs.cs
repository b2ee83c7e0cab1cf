using System.ComponentModel;
using Hangfire;
using Hangfire.Server;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Lots.FailLot;
using SmsCallback.Application.Lots.GenerateLot;
using SmsCallback.Application.Lots.ResumePendingLots;
using SmsCallback.Application.Notices.SendLowBalanceNotices;

namespace SmsCallback.Infrastructure.Jobs;

/// <summary>Generates a credential lot. Resumable: a retry (or a second worker) continues from the last committed batch. When the retries
/// are used up the lot is marked Failed, with the accounts committed so far kept.</summary>
public sealed class GenerateLotJob(ISender mediator)
{
    public const int Retries = 3;

    [AutomaticRetry(Attempts = Retries, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [DisplayName("Generate credential lot {0}")]
    public async Task RunAsync(Guid lotId, PerformContext? context, CancellationToken ct)
    {
        try
        {
            await mediator.Send(new GenerateLotCommand(lotId), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException && context?.GetJobParameter<int>("RetryCount") >= Retries)
        {
            await mediator.Send(new FailLotCommand(lotId, "Generation failed after retries; see the job on the dashboard."), CancellationToken.None);
            throw;
        }
    }
}

/// <summary>The daily low-balance notice (Notices:LowBalanceThreshold).</summary>
public sealed class LowBalanceNoticeJob(ISender mediator)
{
    public const string Id = "low-balance-notices";

    [AutomaticRetry(Attempts = 3)]
    [DisplayName("Low-balance notices")]
    public async Task RunAsync(CancellationToken ct) => await mediator.Send(new SendLowBalanceNoticesCommand(), ct);
}

/// <summary>Registers the recurring jobs where the job server runs (the Api by default, the Workers host in production), and queues the
/// lots a crash left <c>Pending</c> without a job.</summary>
internal sealed partial class RecurringJobsRegistrar(IRecurringJobManager recurring, IServiceScopeFactory scopes,
    Microsoft.Extensions.Options.IOptions<RetentionOptions> retention, ILogger<RecurringJobsRegistrar> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<LowBalanceNoticeJob>(LowBalanceNoticeJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Daily(9),
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurring.AddOrUpdate<SmsTextRetentionJob>(SmsTextRetentionJob.Id, j => j.RunAsync(CancellationToken.None), retention.Value.Schedule,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var queued = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new ResumePendingLotsCommand(), cancellationToken);
            if (queued > 0) LogResumed(queued);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogResumeFailed(ex); // the job server still starts; the next start tries again
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Queued the generation of {Count} credential lots left pending")]
    private partial void LogResumed(int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Could not queue the credential lots left pending")]
    private partial void LogResumeFailed(Exception ex);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
