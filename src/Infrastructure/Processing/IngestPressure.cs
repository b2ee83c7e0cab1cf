using System.Diagnostics;

namespace SmsCallback.Infrastructure.Processing;

/// <summary>Whether the webhooks are flooding the inbox right now (docs/adr/0047-ingest-first.md): the inbox's group commit reports each
/// batch; a batch of <see cref="HotBatch"/> or more SMS means requests queued behind the previous commit, so the webhook is the part that
/// waits. While that lasts, processing of the backlog yields the CPU to the webhook, up to <see cref="ProcessingOptions.IngestFirstMaxWait"/>
/// per batch, so it never stops. Live calls (the switch's events) never wait for it.</summary>
public sealed class IngestPressure
{
    public const int HotBatch = 16;
    private static readonly TimeSpan DefaultHold = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(5);
    private readonly long _hold;
    private long _hotUntil;

    public IngestPressure() : this(DefaultHold) { }

    /// <param name="hold">how long the inbox counts as flooded after its last big batch (20 ms; tests hold it longer).</param>
    internal IngestPressure(TimeSpan hold) => _hold = (long)(hold.TotalSeconds * Stopwatch.Frequency);

    public void BatchWritten(int size)
    {
        if (size >= HotBatch) Volatile.Write(ref _hotUntil, Stopwatch.GetTimestamp() + _hold);
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
