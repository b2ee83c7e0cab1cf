namespace SmsCallback.Application.Common.Interfaces;

public sealed record OutgoingSms(Guid Id, string Channel, string To, string? From, string Text);

/// <summary>What the channel answered: sent (with the carrier's id), or failed with its reason; a transient failure may be retried.
/// <see cref="AwaitingResult"/>: the channel queued it and reports the outcome later (a forwarder sends through its modem when it next polls).</summary>
public sealed record SmsSendResult(bool Sent, string? ExternalId, string? Error, bool Transient, bool AwaitingResult = false)
{
    public static SmsSendResult HandedOver() => new(false, null, null, false, AwaitingResult: true);

    public static SmsSendResult Success(string? externalId) => new(true, externalId, null, false);
    public static SmsSendResult Failure(string error, bool transient) => new(false, null, error, transient);
}

/// <summary>Sends an SMS through a named channel (a carrier's API, a forwarder's queue, or the log).</summary>
public interface ISmsSender
{
    Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct);
}
