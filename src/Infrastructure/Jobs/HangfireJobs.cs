using Hangfire;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms.SendOutboundSms;

namespace SmsCallback.Infrastructure.Jobs;

internal sealed class HangfireBackgroundJobs(IBackgroundJobClient client) : IBackgroundJobs
{
    public void EnqueueSendSms(Guid outboundSmsId) => client.Enqueue<SendOutboundSmsJob>(j => j.RunAsync(outboundSmsId, CancellationToken.None));
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
