using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Forwarders;

namespace SmsCallback.Infrastructure.Sms;

/// <summary>The way out through a forwarder's modem. Sending is asynchronous: the SMS waits in the outbox (<c>AwaitingResult</c>) until the
/// forwarder serving its <c>From</c> (the access number) polls <c>GET /api/forwarders/{id}/outbound</c> and reports the result.</summary>
public sealed class ForwarderSmsSender(IServiceScopeFactory scopes) : IChannelSmsSender
{
    public string Channel => Forwarder.Channel;

    public async Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(sms.From)) return SmsSendResult.Failure("A forwarder reply needs the access number as its sender.", transient: false);
        await using var scope = scopes.CreateAsyncScope();
        var forwarder = await scope.ServiceProvider.GetRequiredService<IForwarderRepository>().FindByAccessNumberAsync(sms.From, ct);
        return forwarder is null
            ? SmsSendResult.Failure($"No forwarder serves the access number {sms.From}.", transient: false)
            : SmsSendResult.HandedOver();
    }
}
