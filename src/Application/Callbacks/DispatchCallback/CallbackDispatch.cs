using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.DispatchCallback;

/// <summary>Hands a callback waiting in <c>Requested</c> to the switch, at most once: the callback leaves <c>Requested</c> in the unit of
/// work's commit, and the switch is asked only after that commit (an effect), so a crash in between leaves a callback that times out
/// rather than a second call. Admission uses it for a callback due at once, in the same commit that creates it; the consumer of
/// <see cref="CallbackRequested"/> for one that became due later (docs/adr/0049-dispatch-in-the-admitting-commit.md).</summary>
public sealed partial class CallbackDispatch(
    ICallbackRepository callbacks, ISwitch phoneSwitch, IUnitOfWork unitOfWork, TimeProvider clock, ILogger<CallbackDispatch> logger)
{
    /// <returns>false when the callback does not wait for the switch (scheduled for later, handed over already, finished).</returns>
    public bool Now(Callback callback)
    {
        if (callback.State != CallbackState.Requested) return false;
        callback.Dispatched(clock.GetUtcNow()); // saved by the caller's unit of work: the checkpoint that makes it at most once
        unitOfWork.OnCommitted(token => OriginateAsync(callback, token));
        return true;
    }

    private async Task OriginateAsync(Callback callback, CancellationToken ct)
    {
        try
        {
            var maxDuration = callback.MaxDurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            await phoneSwitch.OriginateAsync(new OriginateCallback(callback.Id, callback.Source, callback.Destination, callback.CallerIdA, maxDuration)
            {
                DestinationCallerId = callback.CallerIdB,
            }, ct);
        }
        catch (SwitchUnavailableException ex)
        {
            LogSwitchRefused(ex, callback.Id);
            // read again: after a batch's commit the scope no longer tracks the callback
            if (await callbacks.GetAsync(callback.Id, ct) is not { IsFinished: false } current) return;
            current.Fail(FailureReason.SwitchError, clock.GetUtcNow()); // its credit comes back with CallbackFinished
            await unitOfWork.SaveChangesAsync(ct); // a conflict here (changed meanwhile) leaves it to the watchdog
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The switch refused callback {CallbackId}")]
    private partial void LogSwitchRefused(Exception ex, Guid callbackId);
}
