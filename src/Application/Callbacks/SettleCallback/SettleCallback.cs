using Mediator;
using SmsCallback.Application.Common.Behaviours;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Callbacks.SettleCallback;

/// <summary>A leg ended or the callback finished: charge the ended legs and, once it is over, give back the rest of its reservation
/// (<see cref="Billing.CreditControl.SettleAsync"/>). Running it again charges nothing twice.</summary>
public sealed record SettleCallbackCommand(Guid CallbackId) : ICommand, IRetryOnConflict, Common.Events.ICoalescingConsumer;

public sealed class SettleCallbackHandler(ICallbackRepository callbacks, Billing.CreditControl credit) : ICommandHandler<SettleCallbackCommand>
{
    public async ValueTask<Unit> Handle(SettleCallbackCommand command, CancellationToken ct)
    {
        if (await callbacks.GetAsync(command.CallbackId, ct) is { } callback) await credit.SettleAsync(callback, ct, abandoned: callback.IsHandedOff);
        return Unit.Value;
    }
}
