using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Infrastructure.Sms;

/// <summary>The default sender for trying the product: it sends nothing and logs each SMS. Carriers plug in their own senders.</summary>
public sealed partial class LogSmsSender(ILogger<LogSmsSender> logger) : ISmsSender
{
    public Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct)
    {
        LogSms(sms.Channel, sms.To, sms.Text);
        return Task.FromResult(SmsSendResult.Success("log-" + sms.Id.ToString("N")));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "SMS via {Channel} to {To}: {Text}")]
    private partial void LogSms(string channel, string to, string text);
}
