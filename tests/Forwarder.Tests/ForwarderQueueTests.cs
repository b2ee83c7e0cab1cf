using SmsCallback.Forwarder.Modem;

namespace SmsCallback.Forwarder.Tests;

public sealed class ForwarderQueueTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2026, 11, 26, 10, 15, 32, TimeSpan.FromHours(1));
    private readonly string _path = Path.Combine(Path.GetTempPath(), "smscallback-queue", Guid.NewGuid().ToString("N"), "queue.db");

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Path.GetDirectoryName(_path)!, recursive: true); } catch (IOException) { }
    }

    [Fact]
    public void What_is_stored_survives_a_restart_once_and_leaves_only_when_forwarded()
    {
        var now = DateTimeOffset.UtcNow;
        var single = DeliverPduBuilder.Build("+48600316058", "D.48774417880", Time);
        var part2 = DeliverPduBuilder.Build("+48600316058", "7881", Time, (9, 2, 2, false));
        var part1 = DeliverPduBuilder.Build("+48600316058", "D.4877441", Time, (9, 2, 1, false));

        var queue = new ForwarderQueue(_path);
        Assert.True(queue.StoreReceived(new StoredSms(1, single, null, null, null), now));
        Assert.True(queue.StoreReceived(new StoredSms(1, single, null, null, null), now)); // read again after a crash before AT+CMGD
        Assert.True(queue.StoreReceived(new StoredSms(2, part2, null, null, null), now));
        Assert.False(queue.StoreReceived(new StoredSms(3, "07FFGG", null, null, null), now)); // kept aside, not forwarded
        queue.AssembleParts(now, TimeSpan.FromMinutes(10));
        Assert.Single(queue.NextBatch(10)); // the long SMS waits for its first part

        var reopened = new ForwarderQueue(_path); // the forwarder restarted
        reopened.StoreReceived(new StoredSms(4, part1, null, null, null), now);
        reopened.AssembleParts(now, TimeSpan.FromMinutes(10));
        var batch = reopened.NextBatch(10);
        Assert.Equal(["D.48774417880", "D.48774417881"], batch.Select(m => m.Text));
        Assert.All(batch, m => Assert.Equal("+48600316058", m.From));
        Assert.Equal(Time, batch[0].ReceivedAt);

        reopened.MarkForwarded([batch[0].Key]);
        Assert.Equal([batch[1].Key], new ForwarderQueue(_path).NextBatch(10).Select(m => m.Key));
    }

    [Fact]
    public void Replies_are_kept_once_per_message_id_until_sent_and_reported()
    {
        var queue = new ForwarderQueue(_path);
        var reply = new OutboundRequest(Guid.NewGuid(), "+48600316058", "Calling…");
        queue.AddOutbound([reply]);
        queue.AddOutbound([reply]); // offered again on the next poll

        var pending = Assert.Single(queue.PendingOutbound());
        queue.MarkOutboundFailed(pending.MessageId, "+CMS ERROR: 38", final: false);
        Assert.Equal(1, Assert.Single(queue.PendingOutbound()).Attempts);
        Assert.Empty(queue.UnreportedOutcomes());

        queue.MarkOutboundSent(pending.MessageId, "4");
        queue.AddOutbound([reply]);
        Assert.Empty(queue.PendingOutbound());
        Assert.Equal(new OutboundOutcome(reply.MessageId, true, "4", null), Assert.Single(new ForwarderQueue(_path).UnreportedOutcomes()));
        queue.MarkReported(reply.MessageId);
        Assert.Empty(queue.UnreportedOutcomes());
    }
}
