using System.ComponentModel;
using Hangfire;
using Hangfire.Server;
using Mediator;
using Microsoft.Extensions.Hosting;
using SmsCallback.Application.Lots.FailLot;
using SmsCallback.Application.Lots.GenerateLot;
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

/// <summary>Registers the recurring jobs where the job server runs (the Api by default, the Workers host in production).</summary>
internal sealed class RecurringJobsRegistrar(IRecurringJobManager recurring, Microsoft.Extensions.Options.IOptions<RetentionOptions> retention)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        recurring.AddOrUpdate<LowBalanceNoticeJob>(LowBalanceNoticeJob.Id, j => j.RunAsync(CancellationToken.None), Cron.Daily(9),
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        recurring.AddOrUpdate<SmsTextRetentionJob>(SmsTextRetentionJob.Id, j => j.RunAsync(CancellationToken.None), retention.Value.Schedule,
            new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
