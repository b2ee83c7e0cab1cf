using Mediator;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.DispatchCallback;

/// <summary>Hand a requested callback to the switch. At most once: the callback leaves <c>Requested</c> before the switch is asked,
/// so a crash in between leaves a callback that times out rather than a second call.</summary>
public sealed record DispatchCallbackCommand(Guid CallbackId) : ICommand;

public sealed partial class DispatchCallbackHandler(
    ICallbackRepository callbacks, ISwitch phoneSwitch, IUnitOfWork unitOfWork, TimeProvider clock, ILogger<DispatchCallbackHandler> logger)
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
            await phoneSwitch.OriginateAsync(new OriginateCallback(callback.Id, callback.Source, callback.Destination, null, null), ct);
        }
        catch (SwitchUnavailableException ex)
        {
            LogSwitchRefused(ex, callback.Id);
            callback.Fail(FailureReason.SwitchError, clock.GetUtcNow());
            await unitOfWork.SaveChangesAsync(CancellationToken.None);
        }
        return Unit.Value;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The switch refused callback {CallbackId}")]
    private partial void LogSwitchRefused(Exception ex, Guid callbackId);
}
