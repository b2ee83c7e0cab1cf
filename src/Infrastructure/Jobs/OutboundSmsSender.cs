using System.Threading.Channels;
using Hangfire;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms.SendOutboundSms;
using SmsCallback.Domain.Sms;
using SmsCallback.Infrastructure.Persistence;
using SmsCallback.Infrastructure.Processing;

namespace SmsCallback.Infrastructure.Jobs;

/// <summary>The first attempt at each queued SMS, in process, right after the commit that queued it (docs/adr/0047-ingest-first.md): a reply
/// leaves without a job written to, polled from and completed in the job storage. A transient failure hands the SMS to the job server,
/// whose retries with back-off are visible on the dashboard. Losing the queue loses nothing: the SMS stays <c>Queued</c> in the outbox
/// table and <see cref="RecoverySweeper"/> hands it over again.
/// <para>The SMS queued at a moment go together (docs/adr/0053-replies-sent-together.md): their claims in one commit, then each is sent,
/// then their results in one commit, instead of two commits each under SQLite's one write lock. A batch whose commit is refused is done
/// again one SMS at a time.</para></summary>
internal sealed partial class OutboundSmsSender(
    IServiceScopeFactory scopes, IBackgroundJobClient jobs, JobsOptions options, IOptions<ProcessingOptions> processing, ILogger<OutboundSmsSender> logger)
    : BackgroundService
{
    private readonly Channel<Guid> _queued = Channel.CreateUnbounded<Guid>(new UnboundedChannelOptions { SingleReader = false });

    public void Enqueue(Guid outboundSmsId)
    {
        if (!_queued.Writer.TryWrite(outboundSmsId)) HandToJobServer(outboundSmsId); // stopping: the job server takes it
    }

    public static void HandToJobServer(IBackgroundJobClient jobs, Guid outboundSmsId) =>
        jobs.Enqueue<SendOutboundSmsJob>(j => j.RunAsync(outboundSmsId, CancellationToken.None));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queued.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.InProcessSenders)).Select(_ => SendAsync(stoppingToken)));

    private async Task SendAsync(CancellationToken ct)
    {
        await Task.Yield();
        var batch = new List<Guid>();
        try
        {
            while (await _queued.Reader.WaitToReadAsync(ct))
            {
                batch.Clear();
                while (batch.Count < Math.Max(1, processing.Value.BatchSize) && _queued.Reader.TryRead(out var id)) batch.Add(id);
                if (batch.Count > 0) await SendTogetherAsync(batch, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        while (_queued.Reader.TryRead(out var left)) HandToJobServer(left); // queued but not tried before the stop
    }

    /// <summary>Claims every SMS of the batch in one commit, sends each, records every result in one commit; then hands the transient
    /// failures to the job server.</summary>
    private async Task SendTogetherAsync(List<Guid> ids, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var unitOfWork = services.GetRequiredService<UnitOfWork>();
        var outbox = services.GetRequiredService<IOutboundSmsRepository>();
        var budget = processing.Value.BatchTimeBudget;
        var claimed = new List<OutboundSms>(ids.Count);
        try
        {
            await unitOfWork.RunBatchAsync(async token =>
            {
                claimed.Clear();
                for (var i = 0; i < ids.Count; i++)
                {
                    if (i > 0 && unitOfWork.BatchShouldEnd)
                    {
                        // the inbox waits for the write lock, or the batch has run its time: the rest go in the next batch
                        foreach (var rest in ids.Skip(i)) Enqueue(rest);
                        ids.RemoveRange(i, ids.Count - i);
                        break;
                    }
                    if (await outbox.GetAsync(ids[i], token) is { } sms && OutboundSmsAttempt.Claim(sms)) claimed.Add(sms);
                }
                await unitOfWork.SaveChangesAsync(token); // every claim commits before any SMS is sent
            }, budget, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogBatchRefused(ex, ids.Count, "claims");
            foreach (var id in ids) await SendOneAsync(id, ct); // a claim another sender took fails alone
            return;
        }

        var attempt = services.GetRequiredService<OutboundSmsAttempt>();
        var results = new List<(Guid Id, int Attempt, SendResult Result)>(claimed.Count);
        var toJobServer = new List<Guid>();
        foreach (var sms in claimed)
        {
            try
            {
                var result = await attempt.SendAsync(sms, ct);
                results.Add((sms.Id, sms.Attempts, result));
                if (result.Outcome == SendOutcome.FailedTransiently) toJobServer.Add(sms.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                LogFailed(ex, sms.Id); // still claimed (Sending): the job server tries again
                toJobServer.Add(sms.Id);
            }
        }
        try
        {
            await unitOfWork.RunBatchAsync(token => unitOfWork.SaveChangesAsync(token), budget, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogBatchRefused(ex, results.Count, "results");
            foreach (var (id, claim, result) in results) await RecordAloneAsync(id, claim, result, ct);
        }
        foreach (var id in toJobServer)
        {
            LogRetryByJobServer(id);
            HandToJobServer(id);
        }
    }

    /// <summary>Records a result on a fresh copy of the SMS, unless another attempt claimed it since.</summary>
    private async Task RecordAloneAsync(Guid id, int claim, SendResult result, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var services = scope.ServiceProvider;
            if (await services.GetRequiredService<IOutboundSmsRepository>().GetAsync(id, ct) is not { Status: OutboundSmsStatus.Sending } sms
                || sms.Attempts != claim) return;
            result.RecordOn(sms);
            await services.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogNotRecorded(ex, id); // still claimed (Sending): the recovery sweep hands it to the job server
        }
    }

    private async Task SendOneAsync(Guid id, CancellationToken ct)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var outcome = await scope.ServiceProvider.GetRequiredService<ISender>().Send(new SendOutboundSmsCommand(id), ct);
            if (outcome != SendOutcome.FailedTransiently) return;
            LogRetryByJobServer(id);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogFailed(ex, id);
        }
        HandToJobServer(id);
    }

    private void HandToJobServer(Guid id)
    {
        try
        {
            HandToJobServer(jobs, id);
        }
        catch (Exception ex)
        {
            LogNotHandedOver(ex, id); // still Queued in the outbox: the recovery sweep hands it over
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbound SMS {OutboundSmsId} failed transiently; the job server retries it")]
    private partial void LogRetryByJobServer(Guid outboundSmsId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbound SMS {OutboundSmsId} failed in process; the job server retries it")]
    private partial void LogFailed(Exception ex, Guid outboundSmsId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The {What} of {Count} outbound SMS could not be committed together; one by one instead")]
    private partial void LogBatchRefused(Exception ex, int count, string what);

    [LoggerMessage(Level = LogLevel.Error, Message = "The send result of outbound SMS {OutboundSmsId} could not be recorded; the recovery sweep hands it over again")]
    private partial void LogNotRecorded(Exception ex, Guid outboundSmsId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbound SMS {OutboundSmsId} could not be handed to the job server; the recovery sweep will")]
    private partial void LogNotHandedOver(Exception ex, Guid outboundSmsId);
}
