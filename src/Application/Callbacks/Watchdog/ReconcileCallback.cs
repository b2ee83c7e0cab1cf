using Mediator;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Billing;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Telemetry;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.Watchdog;

/// <summary>Reconciliation of one callback with the calls the switch has (<paramref name="LiveCallIds"/>, read just before): legs the
/// platform thinks up but the switch no longer has ended while their events were lost (a dropped event connection, a restart). They are
/// ended now with normal clearing (their real cause went with the event), billed up to now but never past their caps, and the callback is
/// settled; a leg still up on the switch of a callback that thereby ended is hung up.</summary>
public sealed record ReconcileCallbackCommand(Guid CallbackId, IReadOnlySet<string> LiveCallIds) : ICommand<bool>;

public sealed partial class ReconcileCallbackHandler(
    ICallbackRepository callbacks, ISwitch phoneSwitch, CreditControl credit, IUnitOfWork unitOfWork, TimeProvider clock,
    ILogger<ReconcileCallbackHandler> logger, SmsCallbackMetrics? metrics = null)
    : ICommandHandler<ReconcileCallbackCommand, bool>
{
    /// <returns>true when legs were found gone and ended.</returns>
    public async ValueTask<bool> Handle(ReconcileCallbackCommand command, CancellationToken ct)
    {
        var callback = await callbacks.GetAsync(command.CallbackId, ct);
        if (callback is null || callback.IsFinished) return false;
        bool Gone(CallLeg leg) => leg.SwitchCallId is { } id && !command.LiveCallIds.Contains(id);
        if (!callback.Legs.Any(l => l.State != LegState.Ended && Gone(l))) return false;

        // The customer's leg gone takes the whole call with it, as on the switch; a destination gone alone ends only itself.
        var aGone = callback.Leg(LegKind.A) is { } a && a.State != LegState.Ended && Gone(a);
        var ended = CallDeadlines.EndLegs(callback, l => aGone || Gone(l), clock.GetUtcNow());
        await credit.SettleAsync(callback, ct); // a leg still up keeps the reservation until its own end is charged
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (ConcurrencyConflictException)
        {
            return false; // its events arrived meanwhile: nothing was lost after all
        }
        LogReconciled(callback.Id, string.Join(",", ended.Select(l => $"{l.Kind}:{l.SwitchCallId}")));
        metrics?.SwitchDiscrepancy("reconciled");
        if (callback.HasLegsUp)
        {
            try
            {
                await phoneSwitch.HangupAsync(callback.Id, ct);
            }
            catch (SwitchUnavailableException ex)
            {
                LogHangupFailed(ex, callback.Id);
            }
        }
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Switch discrepancy: callback {CallbackId} had legs {Legs} the switch no longer has (their hang-up was never reported); ended and settled")]
    private partial void LogReconciled(Guid callbackId, string legs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Callback {CallbackId}: the switch could not be asked to hang up the rest of the call")]
    private partial void LogHangupFailed(Exception ex, Guid callbackId);
}
