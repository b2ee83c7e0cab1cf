using System.Diagnostics;

namespace SmsCallback.Infrastructure.Processing;

/// <summary>Whether the webhooks are flooding the inbox right now (docs/adr/0047-ingest-first.md): the inbox's group commit reports each
/// batch; a batch of <see cref="HotBatch"/> or more SMS means requests queued behind the previous commit, so the webhook is the part that
/// waits. While that lasts, processing of the backlog yields the CPU to the webhook, up to <see cref="ProcessingOptions.IngestFirstMaxWait"/>
/// per batch, so it never stops. Live calls (the switch's events) never wait for it.</summary>
public sealed class IngestPressure
{
    public const int HotBatch = 16;
    private static readonly long Hold = Stopwatch.Frequency / 50; // 20 ms after the last big batch
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);
    private long _hotUntil;

    public void BatchWritten(int size)
    {
        if (size >= HotBatch) Volatile.Write(ref _hotUntil, Stopwatch.GetTimestamp() + Hold);
    }

    public bool IsHot => Stopwatch.GetTimestamp() < Volatile.Read(ref _hotUntil);

    /// <summary>Waits while the inbox is flooded, at most <paramref name="maxWait"/>.</summary>
    public async Task YieldAsync(TimeSpan maxWait, CancellationToken ct)
    {
        if (maxWait <= TimeSpan.Zero || !IsHot) return;
        var started = Stopwatch.GetTimestamp();
        while (IsHot && Stopwatch.GetElapsedTime(started) < maxWait) await Task.Delay(Poll, ct);
    }
}
