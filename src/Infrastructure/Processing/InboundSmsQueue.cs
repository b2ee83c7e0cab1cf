using System.Diagnostics;
using System.Threading.Channels;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Infrastructure.Processing;

/// <summary>One stored SMS handed over: its id, the trace it was received in (the webhook's request) and when it was handed over.</summary>
public readonly record struct QueuedSms(Guid Id, ActivityContext Parent, long EnqueuedAt);

/// <summary>The in-process hand-off of stored SMS ids to <see cref="InboundSmsProcessor"/>. Losing it loses nothing:
/// the inbox table is the source of truth and <see cref="RecoverySweeper"/> re-reads it.</summary>
public sealed class InboundSmsQueue : IInboundSmsQueue
{
    private readonly Channel<QueuedSms> _channel = Channel.CreateUnbounded<QueuedSms>(new() { SingleWriter = false, SingleReader = false });

    /// <summary>The current activity (the webhook's request) goes along, so processing continues its trace.</summary>
    public void Enqueue(Guid inboundSmsId) =>
        _channel.Writer.TryWrite(new QueuedSms(inboundSmsId, Activity.Current?.Context ?? default, Stopwatch.GetTimestamp()));

    /// <summary>Hands over an SMS received in the trace <paramref name="parent"/>, whose request has ended meanwhile (the inbox's landing
    /// file: docs/adr/0055-inbox-landing-file.md).</summary>
    public void Enqueue(Guid inboundSmsId, ActivityContext parent) =>
        _channel.Writer.TryWrite(new QueuedSms(inboundSmsId, parent, Stopwatch.GetTimestamp()));

    /// <summary>Hands an SMS back, as it was, for a later batch.</summary>
    public void Requeue(QueuedSms sms) => _channel.Writer.TryWrite(sms);

    public ChannelReader<QueuedSms> Reader => _channel.Reader;
}
