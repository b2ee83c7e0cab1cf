using Hangfire;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms.SendAccountStatus;
using SmsCallback.Application.Sms.SendOutboundSms;

namespace SmsCallback.Infrastructure.Jobs;

/// <param name="inProcess">the in-process sender, when this process runs the job server; else each SMS is a job for a process that does.</param>
internal sealed class HangfireBackgroundJobs(IBackgroundJobClient client, IEnumerable<OutboundSmsSender> inProcess) : IBackgroundJobs
{
    private readonly OutboundSmsSender? _sender = inProcess.FirstOrDefault();

    public void EnqueueSendSms(Guid outboundSmsId)
    {
        if (_sender is not null) _sender.Enqueue(outboundSmsId);
        else OutboundSmsSender.HandToJobServer(client, outboundSmsId);
    }

    public void EnqueueAccountStatus(Guid accountId, Guid inboundSmsId, string to) =>
        client.Enqueue<SendAccountStatusJob>(j => j.RunAsync(accountId, inboundSmsId, to, CancellationToken.None));

    public void EnqueueGenerateLot(Guid lotId) => client.Enqueue<GenerateLotJob>(j => j.RunAsync(lotId, null, CancellationToken.None));
}

/// <summary>Composes the status SMS an <c>I.</c> command asked for and queues it (idempotent: one status reply per SMS).</summary>
public sealed class SendAccountStatusJob(ISender mediator)
{
    [AutomaticRetry(Attempts = 5)]
    [Queue("sms")]
    public async Task RunAsync(Guid accountId, Guid inboundSmsId, string to, CancellationToken ct) =>
        await mediator.Send(new SendAccountStatusCommand(accountId, inboundSmsId, to), ct);
}

/// <summary>Sends one outbox SMS. Idempotent: a message already sent is skipped. A transient failure throws, so Hangfire retries with back-off
/// and the attempt is visible on the dashboard.</summary>
public sealed class SendOutboundSmsJob(ISender mediator)
{
    [AutomaticRetry(Attempts = 8, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [Queue("sms")]
    public async Task RunAsync(Guid outboundSmsId, CancellationToken ct)
    {
        var outcome = await mediator.Send(new SendOutboundSmsCommand(outboundSmsId), ct);
        if (outcome == SendOutcome.FailedTransiently)
            throw new SmsSendFailedException($"Sending SMS {outboundSmsId} failed transiently; it will be retried.");
    }
}

public sealed class SmsSendFailedException(string message) : Exception(message);
