using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Infrastructure.Sms;

/// <summary>One channel's way out (a carrier's API, a forwarder's queue). Registered as <see cref="IChannelSmsSender"/>; the router picks it by
/// <see cref="Channel"/>, the channel name the SMS came in on (for example <c>twilio</c>, <c>kannel</c>, <c>forwarder</c>).</summary>
public interface IChannelSmsSender
{
    string Channel { get; }

    Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct);
}

/// <summary>The <see cref="ISmsSender"/>: a reply leaves through the channel its SMS came in on. Channels without a sender of their own
/// (the generic webhook, or any channel when trying the product) go to the log sender.</summary>
public sealed class SmsSenderRouter(IEnumerable<IChannelSmsSender> channels, LogSmsSender fallback) : ISmsSender
{
    private readonly Dictionary<string, IChannelSmsSender> _byChannel =
        channels.ToDictionary(c => c.Channel, StringComparer.OrdinalIgnoreCase);

    public Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct) =>
        _byChannel.TryGetValue(sms.Channel, out var sender) ? sender.SendAsync(sms, ct) : fallback.SendAsync(sms, ct);
}
