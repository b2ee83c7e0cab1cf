using System.Diagnostics;

namespace SmsCallback.Application.Common.Telemetry;

/// <summary>The platform's traces: the <c>SmsCallback</c> activity source. One trace runs from the SMS webhook (ASP.NET Core's request
/// activity) through the in-process hand-off (<c>sms.process</c>, a child of the request) to the switch command (<c>switch.originate</c>).</summary>
public static class SmsCallbackActivities
{
    public const string SourceName = "SmsCallback";

    public static readonly ActivitySource Source = new(SourceName);
}
