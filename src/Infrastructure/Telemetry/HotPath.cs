using System.Diagnostics;

namespace SmsCallback.Infrastructure.Telemetry;

/// <summary>The moment the SMS being processed on this async flow was committed to the inbox (a <see cref="Stopwatch"/> timestamp), so the
/// switch adapter can record the webhook → originate latency. Set by the inbound processor around one SMS, and carried by the outbox to the
/// consumers of the events that SMS raised (the callback's dispatch).</summary>
public static class HotPath
{
    private static readonly AsyncLocal<long?> Started = new();

    public static long? StartedAt => Started.Value;

    public static IDisposable Begin(long startedAt)
    {
        Started.Value = startedAt;
        return new End();
    }

    private sealed class End : IDisposable
    {
        public void Dispose() => Started.Value = null;
    }
}
