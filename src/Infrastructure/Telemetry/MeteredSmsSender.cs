using System.Text.RegularExpressions;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Telemetry;

namespace SmsCallback.Infrastructure.Telemetry;

/// <summary>Counts each failed hand-over of an SMS to its channel by error code (every attempt, retries included); what finally happened to
/// the SMS is counted when its state is saved (<see cref="TelemetrySaveChangesInterceptor"/>).</summary>
public sealed partial class MeteredSmsSender(ISmsSender inner, SmsCallbackMetrics metrics) : ISmsSender
{
    public async Task<SmsSendResult> SendAsync(OutgoingSms sms, CancellationToken ct)
    {
        SmsSendResult result;
        try
        {
            result = await inner.SendAsync(sms, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            metrics.CarrierError(sms.Channel, "exception");
            throw;
        }
        if (!result.Sent && !result.AwaitingResult) metrics.CarrierError(sms.Channel, CodeOf(result.Error));
        return result;
    }

    /// <summary>The adapters write <c>twilio 401: ...</c>, <c>vonage status 4: ...</c>, <c>kannel: HttpRequestException: ...</c>: the code
    /// is the number after the channel, else <c>transport</c> for an exception name, else <c>other</c>.</summary>
    internal static string CodeOf(string? error)
    {
        if (error is null) return "other";
        if (Code().Match(error) is { Success: true } m) return m.Groups[1].Value;
        return error.Contains("Exception", StringComparison.Ordinal) ? "transport" : "other";
    }

    [GeneratedRegex(@"^\w+ (?:status )?(\d{1,4})\b")]
    private static partial Regex Code();
}
