using SmsCallback.Domain.Callbacks;
using SmsCallback.Infrastructure.Processing;

namespace SmsCallback.Infrastructure.IntegrationTests.Processing;

/// <summary>Events that wait together and ask for the same idempotent command (settling one callback) are consumed by one run of it; every
/// other command still runs once per event.</summary>
public sealed class OutboxCoalescingTests
{
    [Fact]
    public void A_callbacks_legs_ending_and_its_end_settle_it_once_and_nothing_else_is_merged()
    {
        var (a, b) = (Guid.NewGuid(), Guid.NewGuid());
        var items = new List<OutboxProcessor.Item>
        {
            Item(new CallLegEnded(a, LegKind.B)),
            Item(new CallbackRequested(b)),
            Item(new CallLegEnded(a, LegKind.A)),
            Item(new NextLegRequested(b, "48774417880")),
            Item(new NextLegRequested(b, "48774417880")), // dialled twice: two calls asked for, not one
            Item(new CallbackFinished(a)),
            Item(new CallLegEnded(b, LegKind.A)), // another callback's settlement stays its own
            new(Guid.NewGuid(), null, default, null, []), // from the sweep: the event is read from its row later
        };

        var merged = OutboxProcessor.Coalesce(items);

        Assert.Equal(6, merged.Count);
        Assert.Equal(items[0].Id, merged[0].Id); // at the place of the first
        Assert.Equal([items[2].Id, items[5].Id], merged[0].AlsoConsumes);
        Assert.Equal([items[1].Id, items[3].Id, items[4].Id, items[6].Id, items[7].Id], merged.Skip(1).Select(i => i.Id));
        Assert.All(merged.Skip(1), i => Assert.Empty(i.AlsoConsumes));
    }

    private static OutboxProcessor.Item Item(Domain.Common.IDomainEvent e) => new(Guid.NewGuid(), e, default, null, []);
}
