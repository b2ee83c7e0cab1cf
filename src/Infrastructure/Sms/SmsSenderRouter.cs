using Microsoft.Extensions.DependencyInjection;
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
/// <remarks>Senders are resolved per SMS: the carrier adapters are typed HttpClients, which are meant to be short-lived.</remarks>
public sealed class SmsSenderRouter(IServiceProvider services, LogSmsSender fallback) : ISmsSender
{
    public Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct) =>
        services.GetServices<IChannelSmsSender>().FirstOrDefault(c => c.Channel.Equals(sms.Channel, StringComparison.OrdinalIgnoreCase))
            is { } sender ? sender.SendAsync(sms, ct) : fallback.SendAsync(sms, ct);
}
