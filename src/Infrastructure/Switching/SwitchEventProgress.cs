namespace SmsCallback.Infrastructure.Switching;

/// <summary>How far this process's <see cref="SwitchEventPump"/> has applied the switch's events, for the call watchdog's
/// reconciliation (docs/adr/0056-reconcile-after-the-pump-caught-up.md). A leg the switch no longer has whose hang-up is still queued
/// behind a backlog of events was not lost: reconciling it would end it "now" and charge it past its real end. So the watchdog
/// reconciles a list of live calls read at a moment only once every event the switch sent before that moment has been applied: the
/// pump has applied an event stamped at or after it, or has found nothing waiting since.</summary>
public sealed class SwitchEventProgress
{
    private int _pumps;
    private long _appliedUpTo = DateTimeOffset.MinValue.UtcTicks; // the switch's time stamp of the last event applied
    private long _caughtUpAt = DateTimeOffset.MinValue.UtcTicks;  // when the pump last found no event waiting
    private int _idle;

    /// <summary>Whether a pump runs in this process. An instance without one (another holds the switch's lease) cannot know, and
    /// reconciles as before.</summary>
    public bool Pumping => Volatile.Read(ref _pumps) > 0;

    internal void Started() => Interlocked.Increment(ref _pumps);

    internal void Stopped() => Interlocked.Decrement(ref _pumps);

    internal void Applied(DateTimeOffset at) => Max(ref _appliedUpTo, at.UtcTicks);

    /// <summary>The pump waits with nothing to apply: every event sent so far is applied, until <see cref="Busy"/>.</summary>
    internal void Idle(DateTimeOffset now)
    {
        Max(ref _caughtUpAt, now.UtcTicks);
        Volatile.Write(ref _idle, 1);
    }

    internal void Busy() => Volatile.Write(ref _idle, 0);

    /// <summary>Every event the switch sent before <paramref name="moment"/> has been applied (or no pump runs here).</summary>
    public bool HasApplied(DateTimeOffset moment) => !Pumping || Volatile.Read(ref _idle) == 1
        || Volatile.Read(ref _caughtUpAt) >= moment.UtcTicks || Volatile.Read(ref _appliedUpTo) >= moment.UtcTicks;

    /// <summary>Waits, at most <paramref name="atMost"/>, until <see cref="HasApplied"/>; false when the pump is still behind.</summary>
    public async Task<bool> WaitAppliedAsync(DateTimeOffset moment, TimeSpan atMost, TimeProvider clock, CancellationToken ct)
    {
        var until = clock.GetTimestamp() + (long)(atMost.TotalSeconds * clock.TimestampFrequency);
        while (!HasApplied(moment))
        {
            if (clock.GetTimestamp() >= until) return false;
            await Task.Delay(TimeSpan.FromMilliseconds(20), ct);
        }
        return true;
    }

    private static void Max(ref long field, long value)
    {
        for (var seen = Volatile.Read(ref field); value > seen; seen = Volatile.Read(ref field))
            if (Interlocked.CompareExchange(ref field, value, seen) == seen) return;
    }
}
