using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Forwarders;

namespace SmsCallback.Application.Forwarders.GetForwarderOutbound;

/// <summary>What a forwarder should send through its modem: replies from its access number, handed over and awaiting its result.
/// The same SMS is listed on every poll until the forwarder reports it; the forwarder dedupes by <see cref="OutboundForForwarder.MessageId"/>.</summary>
public sealed record GetForwarderOutboundQuery(Guid ForwarderId, int Max = 50) : IQuery<Result<IReadOnlyList<OutboundForForwarder>>>;

public sealed record OutboundForForwarder(Guid MessageId, string To, string Text, DateTimeOffset CreatedAt);

public sealed class GetForwarderOutboundHandler(IForwarderRepository forwarders, IOutboundSmsRepository outbox, IUnitOfWork unitOfWork, TimeProvider clock)
    : IQueryHandler<GetForwarderOutboundQuery, Result<IReadOnlyList<OutboundForForwarder>>>
{
    public async ValueTask<Result<IReadOnlyList<OutboundForForwarder>>> Handle(GetForwarderOutboundQuery query, CancellationToken ct)
    {
        var forwarder = await forwarders.GetAsync(query.ForwarderId, ct);
        if (forwarder is null) return Error.NotFound("No such forwarder.");
        forwarder.RecordContact(clock.GetUtcNow());
        await unitOfWork.SaveChangesAsync(ct);

        var items = await outbox.ListAwaitingResultAsync(Forwarder.Channel, forwarder.AccessNumber, Math.Clamp(query.Max, 1, 100), ct);
        return Result<IReadOnlyList<OutboundForForwarder>>.Ok([.. items.Select(s => new OutboundForForwarder(s.Id, s.To, s.Text, s.CreatedAt))]);
    }
}
