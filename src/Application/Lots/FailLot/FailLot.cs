using Mediator;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Lots.FailLot;

/// <summary>Give up on a lot's generation (its job ran out of retries). The committed accounts and their export stay.</summary>
public sealed record FailLotCommand(Guid LotId, string Reason) : ICommand;

public sealed class FailLotHandler(ICredentialLotRepository lots, TimeProvider clock) : ICommandHandler<FailLotCommand>
{
    public async ValueTask<Unit> Handle(FailLotCommand command, CancellationToken ct)
    {
        var lot = await lots.GetAsync(command.LotId, ct);
        if (lot is null || lot.IsFinished) return Unit.Value;
        lot.Fail(command.Reason, clock.GetUtcNow());
        return Unit.Value;
    }
}
