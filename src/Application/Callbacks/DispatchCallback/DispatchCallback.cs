using Mediator;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.DispatchCallback;

/// <summary>Hand a requested callback to the switch. At most once: the callback leaves <c>Requested</c> before the switch is asked,
/// so a crash in between leaves a callback that times out rather than a second call.</summary>
public sealed record DispatchCallbackCommand(Guid CallbackId) : ICommand;

public sealed partial class DispatchCallbackHandler(
    ICallbackRepository callbacks, ISwitch phoneSwitch, Billing.CreditControl credit, IUnitOfWork unitOfWork, TimeProvider clock,
    ILogger<DispatchCallbackHandler> logger)
    : ICommandHandler<DispatchCallbackCommand>
{
    public async ValueTask<Unit> Handle(DispatchCallbackCommand command, CancellationToken ct)
    {
        var callback = await callbacks.GetAsync(command.CallbackId, ct);
        if (callback is not { State: CallbackState.Requested }) return Unit.Value;

        callback.Dispatched(clock.GetUtcNow());
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (ConcurrencyConflictException)
        {
            return Unit.Value; // dispatched by another worker
        }

        try
        {
            var maxDuration = callback.MaxDurationSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            await phoneSwitch.OriginateAsync(new OriginateCallback(callback.Id, callback.Source, callback.Destination, null, maxDuration), ct);
        }
        catch (SwitchUnavailableException ex)
        {
            LogSwitchRefused(ex, callback.Id);
            await FailAsync(callback.Id);
        }
        return Unit.Value;
    }

    /// <summary>Fails the callback and gives its credit back, against fresh rows if another writer got in between.</summary>
    private async Task FailAsync(Guid callbackId)
    {
        for (var attempt = 1; ; attempt++)
        {
            var callback = await callbacks.GetAsync(callbackId, CancellationToken.None);
            if (callback is null) return;
            callback.Fail(FailureReason.SwitchError, clock.GetUtcNow());
            await credit.SettleAsync(callback, CancellationToken.None);
            try
            {
                await unitOfWork.SaveChangesAsync(CancellationToken.None);
                return;
            }
            catch (ConcurrencyConflictException) when (attempt < 10)
            {
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The switch refused callback {CallbackId}")]
    private partial void LogSwitchRefused(Exception ex, Guid callbackId);
}
