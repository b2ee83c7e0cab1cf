using Mediator;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Billing;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Telemetry;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.Watchdog;

/// <summary>The call watchdog's act on one callback: if a leg is still up past its cap (its reserved maximum plus the grace,
/// <see cref="CallDeadlines"/>), the platform hangs the call up through the switch, ends its legs in its own records and settles, so the
/// charge stops at the cap even when the switch never hangs up or never says so. Anything else: nothing happens.</summary>
public sealed record EnforceCallDeadlineCommand(Guid CallbackId) : ICommand<bool>;

public sealed partial class EnforceCallDeadlineHandler(
    ICallbackRepository callbacks, ISwitch phoneSwitch, CreditControl credit, IUnitOfWork unitOfWork, IOptions<BillingOptions> billing,
    TimeProvider clock, ILogger<EnforceCallDeadlineHandler> logger, SmsCallbackMetrics? metrics = null)
    : ICommandHandler<EnforceCallDeadlineCommand, bool>
{
    /// <returns>true when the callback was cut.</returns>
    public async ValueTask<bool> Handle(EnforceCallDeadlineCommand command, CancellationToken ct)
    {
        var callback = await callbacks.GetAsync(command.CallbackId, ct);
        var o = billing.Value;
        if (callback is null || CallDeadlines.DeadlineOf(callback, o.CallGraceSeconds, o.RingAllowanceSeconds) is not { } deadline) return false;
        var now = clock.GetUtcNow();
        if (now < deadline) return false;

        try
        {
            await phoneSwitch.HangupAsync(callback.Id, ct); // the legs end on the switch; their late reports change nothing below
        }
        catch (SwitchUnavailableException ex)
        {
            LogHangupFailed(ex, callback.Id); // the records end anyway: the operator must see the call on the switch
        }
        var ended = CallDeadlines.EndLegs(callback, _ => true, now);
        await credit.SettleAsync(callback, ct); // every leg ended: billed up to the caps; the rest of the reservation goes back
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (ConcurrencyConflictException)
        {
            return false; // a switch event ended it meanwhile, or the account changed: the next round looks again
        }
        LogCut(callback.Id, deadline, string.Join(",", ended.Select(l => l.Kind)));
        metrics?.SwitchDiscrepancy("watchdog_cut");
        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Switch discrepancy: callback {CallbackId} was still up at its deadline {Deadline} (reserved maximum plus the grace); the platform hung up legs {Legs} and settled it")]
    private partial void LogCut(Guid callbackId, DateTimeOffset deadline, string legs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Callback {CallbackId}: the switch could not be asked to hang up at the deadline; the call may still be up on the switch")]
    private partial void LogHangupFailed(Exception ex, Guid callbackId);
}
