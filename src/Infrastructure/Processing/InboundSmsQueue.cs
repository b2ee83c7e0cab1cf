using System.Threading.Channels;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Infrastructure.Processing;

/// <summary>The in-process hand-off of stored SMS ids to <see cref="InboundSmsProcessor"/>. Losing it loses nothing:
/// the inbox table is the source of truth and <see cref="RecoverySweeper"/> re-reads it.</summary>
public sealed class InboundSmsQueue : IInboundSmsQueue
{
    private readonly Channel<Guid> _channel = Channel.CreateUnbounded<Guid>(new() { SingleWriter = false, SingleReader = false });

    public void Enqueue(Guid inboundSmsId) => _channel.Writer.TryWrite(inboundSmsId);

    public ChannelReader<Guid> Reader => _channel.Reader;
}
