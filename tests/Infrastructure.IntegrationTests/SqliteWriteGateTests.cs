using SmsCallback.Infrastructure.Persistence;
using SmsCallback.Infrastructure.Processing;

namespace SmsCallback.Infrastructure.IntegrationTests;

/// <summary>The inbox goes first (docs/adr/0047-ingest-first.md): the write gate serves the inbox's group commit before the writers that
/// queued earlier, and processing yields to a flood of webhooks for a bounded time only.</summary>
public sealed class SqliteWriteGateTests
{
    [Fact]
    public async Task The_inbox_waits_only_for_the_holder_not_for_the_writers_queued_before_it()
    {
        var gate = new SqliteWriteGate();
        await gate.EnterAsync(CancellationToken.None); // a processing batch holds the gate
        var order = new List<string>();
        var processing = Enumerable.Range(1, 3).Select(i => Track(gate.EnterAsync(CancellationToken.None), $"processing {i}")).ToList();
        var inbox = Track(gate.EnterFirstAsync(CancellationToken.None), "inbox");
        Assert.True(gate.FirstInLineWaiting);

        for (var i = 0; i < 4; i++)
        {
            gate.Leave();
            var entered = i + 1;
            for (var tries = 0; tries < 500 && Count() < entered; tries++) await Task.Delay(10);
            await Task.Delay(20);
            Assert.Equal(entered, Count()); // exactly one waiter enters per release
        }
        Assert.Equal(["inbox", "processing 1", "processing 2", "processing 3"], order);
        Assert.False(gate.FirstInLineWaiting);
        gate.Leave();
        await gate.EnterAsync(CancellationToken.None); // free again: entered at once
        gate.Leave();

        int Count()
        {
            lock (order) return order.Count;
        }

        async Task Track(Task entered, string name)
        {
            await entered;
            lock (order) order.Add(name);
        }
    }

    [Fact]
    public async Task The_gate_reports_how_long_it_was_held_and_how_often_it_was_taken()
    {
        var gate = new SqliteWriteGate();
        Assert.Equal(TimeSpan.Zero, gate.HeldTime);
        Assert.Equal(0, gate.Entries);

        await gate.EnterAsync(CancellationToken.None);
        var sinceEntered = System.Diagnostics.Stopwatch.StartNew(); // started after the gate's own clock: a lower bound of the hold
        await Task.Delay(50);
        var soFar = sinceEntered.Elapsed;
        Assert.True(gate.HeldTime >= soFar, $"held {gate.HeldTime}, at least {soFar}"); // the current hold counts
        var waiter = gate.EnterAsync(CancellationToken.None);
        Assert.True(gate.Leave()); // handed over: the gate stays held
        await waiter.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        var bothHolds = sinceEntered.Elapsed;
        Assert.False(gate.Leave()); // nobody waits: the gate is free
        var held = gate.HeldTime;
        Assert.True(held >= bothHolds, $"held {held}, at least {bothHolds}");
        Assert.Equal(2, gate.Entries);

        await Task.Delay(50);
        Assert.Equal(held, gate.HeldTime); // a free gate adds nothing
    }

    [Fact]
    public async Task A_writer_that_gives_up_waiting_is_passed_over_and_never_holds_the_gate()
    {
        var gate = new SqliteWriteGate();
        await gate.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var givingUp = gate.EnterFirstAsync(cancel.Token);
        var next = gate.EnterAsync(CancellationToken.None);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => givingUp);

        Assert.True(gate.Leave());
        await next.WaitAsync(TimeSpan.FromSeconds(5)); // the one behind it enters
        Assert.False(gate.Leave());
        Assert.Equal(2, gate.Entries); // the holder and the one behind: the writer that gave up never took it
    }

    [Fact]
    public async Task Processing_waits_while_the_inbox_is_flooded_but_never_longer_than_the_bound()
    {
        var pressure = new IngestPressure();
        pressure.BatchWritten(IngestPressure.HotBatch - 1);
        Assert.False(pressure.IsHot); // small batches: the webhook is not the part that waits

        var quiet = System.Diagnostics.Stopwatch.StartNew();
        await pressure.YieldAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.True(quiet.Elapsed < TimeSpan.FromSeconds(5));

        pressure.BatchWritten(IngestPressure.HotBatch); // a batch of 16: requests queued behind the last commit
        var ended = System.Diagnostics.Stopwatch.StartNew();
        await pressure.YieldAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        Assert.True(ended.Elapsed < TimeSpan.FromSeconds(5)); // the flood is over 20 ms after its last big batch: no waiting to the bound

        // A flood that lasts (held for a minute, so no timing of this machine decides it): processing waits, but only up to its bound.
        var flooded = new IngestPressure(hold: TimeSpan.FromMinutes(1));
        flooded.BatchWritten(IngestPressure.HotBatch);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        await flooded.YieldAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);
        Assert.InRange(waited.Elapsed, TimeSpan.FromMilliseconds(300), TimeSpan.FromSeconds(5));
        Assert.True(flooded.IsHot);
    }
}
