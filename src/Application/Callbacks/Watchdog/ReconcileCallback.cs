using Mediator;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Billing;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Telemetry;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.Watchdog;

/// <summary>Reconciliation of one callback with the calls the switch has (<paramref name="Live"/>, read just before). The switch has
/// nothing of the callback any more (a restart of the switch or of an in-process simulator, a crash between dispatch and the first event):
/// every leg ends and the callback too. Or legs the platform thinks up are gone on the switch: their hang-ups were lost (a dropped event
/// connection). Such legs end now with normal clearing (their real cause went with the event), billed up to now but never past their caps,
/// and the callback is settled; a leg still up on the switch of a callback that thereby ended is hung up.</summary>
public sealed record ReconcileCallbackCommand(Guid CallbackId, LiveCalls Live) : ICommand<bool>;

public sealed partial class ReconcileCallbackHandler(
    ICallbackRepository callbacks, ISwitch phoneSwitch, CreditControl credit, IUnitOfWork unitOfWork, TimeProvider clock,
    ILogger<ReconcileCallbackHandler> logger, SmsCallbackMetrics? metrics = null)
    : ICommandHandler<ReconcileCallbackCommand, bool>
{
    /// <returns>true when legs were found gone and ended.</returns>
    public async ValueTask<bool> Handle(ReconcileCallbackCommand command, CancellationToken ct)
    {
        var callback = await callbacks.GetAsync(command.CallbackId, ct);
        if (callback is null || !IsSuspect(callback, command.Live)) return false;

        // Nothing left on the switch, or the customer's leg gone, takes the whole call with it, as on the switch; a destination gone alone
        // ends only itself.
        var now = clock.GetUtcNow();
        var whole = !command.Live.CallbackIds.Contains(callback.Id) || callback.Leg(LegKind.A) is { State: not LegState.Ended } a && Gone(a, command.Live);
        var ended = CallDeadlines.EndLegs(callback, l => whole || Gone(l, command.Live), now);
        if (whole) callback.Fail(FailureReason.SwitchError, now); // unless a leg's end finished it: the switch lost the call before any report
        await credit.SettleAsync(callback, ct); // a leg still up keeps the reservation until its own end is charged
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (ConcurrencyConflictException)
        {
            return false; // its events arrived meanwhile: nothing was lost after all
        }
        if (ended.Count > 0 || whole)
        {
            LogReconciled(callback.Id, ended.Count == 0 ? "(none reported)" : string.Join(",", ended.Select(l => $"{l.Kind}:{l.SwitchCallId}")));
            metrics?.SwitchDiscrepancy("reconciled");
        }
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

    /// <summary>True for an unfinished callback the switch has nothing of, or a leg of which the switch no longer has; and for a finished
    /// callback still holding credit for a leg never reported ended (whether the switch still has that leg — then it is hung up — or not).</summary>
    public static bool IsSuspect(Callback callback, LiveCalls live) => callback.IsFinished
        ? callback.HasLegsUp && callback.Reserved > 0
        : !live.CallbackIds.Contains(callback.Id) || callback.Legs.Any(l => l.State != LegState.Ended && Gone(l, live));

    private static bool Gone(CallLeg leg, LiveCalls live) => leg.SwitchCallId is { } id && !live.CallIds.Contains(id);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Switch discrepancy: callback {CallbackId} was no longer (or only partly) on the switch, its hang-ups never reported; legs {Legs} ended and the callback settled")]
    private partial void LogReconciled(Guid callbackId, string legs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Callback {CallbackId}: the switch could not be asked to hang up the rest of the call")]
    private partial void LogHangupFailed(Exception ex, Guid callbackId);
}
