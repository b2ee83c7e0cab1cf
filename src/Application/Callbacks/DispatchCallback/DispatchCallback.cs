using Mediator;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Behaviours;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.DispatchCallback;

/// <summary>Hand a requested callback to the switch (the consumer of <see cref="CallbackRequested"/>). At most once: the callback leaves
/// <c>Requested</c> in a commit, and the switch is asked only after that commit (an effect), so a crash in between leaves a callback that
/// times out rather than a second call; a run that loses that commit to another worker runs again and finds the callback dispatched.
/// Many dispatches share one commit when their events wait together (docs/adr/0047-ingest-first.md).</summary>
public sealed record DispatchCallbackCommand(Guid CallbackId) : ICommand, IRetryOnConflict;

public sealed partial class DispatchCallbackHandler(
    ICallbackRepository callbacks, ISwitch phoneSwitch, IUnitOfWork unitOfWork, TimeProvider clock, ILogger<DispatchCallbackHandler> logger)
    : ICommandHandler<DispatchCallbackCommand>
{
    public async ValueTask<Unit> Handle(DispatchCallbackCommand command, CancellationToken ct)
    {
        var callback = await callbacks.GetAsync(command.CallbackId, ct);
        if (callback is not { State: CallbackState.Requested }) return Unit.Value;

        callback.Dispatched(clock.GetUtcNow()); // saved by the pipeline (or the batch): the checkpoint that makes it at most once
        unitOfWork.OnCommitted(token => OriginateAsync(callback, token));
        return Unit.Value;
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
