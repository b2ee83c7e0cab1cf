using System.Threading.Channels;
using Hangfire;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Sms.SendOutboundSms;
using SmsCallback.Infrastructure.Processing;

namespace SmsCallback.Infrastructure.Jobs;

/// <summary>The first attempt at each queued SMS, in process, right after the commit that queued it (docs/adr/0047-ingest-first.md): a reply
/// leaves without a job written to, polled from and completed in the job storage. A transient failure hands the SMS to the job server,
/// whose retries with back-off are visible on the dashboard. Losing the queue loses nothing: the SMS stays <c>Queued</c> in the outbox
/// table and <see cref="RecoverySweeper"/> hands it over again.</summary>
internal sealed partial class OutboundSmsSender(
    IServiceScopeFactory scopes, IBackgroundJobClient jobs, JobsOptions options, ILogger<OutboundSmsSender> logger) : BackgroundService
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
        try
        {
            await foreach (var id in _queued.Reader.ReadAllAsync(ct)) await SendOneAsync(id, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        while (_queued.Reader.TryRead(out var left)) HandToJobServer(left); // queued but not tried before the stop
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

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbound SMS {OutboundSmsId} could not be handed to the job server; the recovery sweep will")]
    private partial void LogNotHandedOver(Exception ex, Guid outboundSmsId);
}
