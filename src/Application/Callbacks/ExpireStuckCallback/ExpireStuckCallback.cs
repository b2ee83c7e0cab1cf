using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.ExpireStuckCallback;

/// <summary>A callback the switch stopped reporting on (a lost event, a crash between dispatch and originate): fail it with
/// <see cref="FailureReason.Timeout"/> and make sure no leg stays up. An event that arrives meanwhile makes it run again on the fresh row.</summary>
public sealed record ExpireStuckCallbackCommand(Guid CallbackId) : ICommand, Common.Behaviours.IRetryOnConflict;

public sealed class ExpireStuckCallbackHandler(
    ICallbackRepository callbacks, ISwitch phoneSwitch, Billing.CreditControl credit, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<ExpireStuckCallbackCommand>
{
    public async ValueTask<Unit> Handle(ExpireStuckCallbackCommand command, CancellationToken ct)
    {
        var callback = await callbacks.GetAsync(command.CallbackId, ct);
        if (callback is null || callback.IsFinished) return Unit.Value;

        callback.Fail(FailureReason.Timeout, clock.GetUtcNow());
        await credit.SettleAsync(callback, ct, abandoned: true); // ended legs are charged and the rest of the reservation is given back
        unitOfWork.OnCommitted(token => phoneSwitch.HangupAsync(callback.Id, token));
        return Unit.Value;
    }
}
