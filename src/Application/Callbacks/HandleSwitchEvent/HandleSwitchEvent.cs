using Mediator;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Callbacks.HandleSwitchEvent;

/// <summary>Apply one switch event to its callback and leg. Repeated and late events change nothing.</summary>
public sealed record HandleSwitchEventCommand(SwitchEvent Event) : ICommand;

public sealed partial class HandleSwitchEventHandler(ICallbackRepository callbacks, IUnitOfWork unitOfWork, ILogger<HandleSwitchEventHandler> logger)
    : ICommandHandler<HandleSwitchEventCommand>
{
    public async ValueTask<Unit> Handle(HandleSwitchEventCommand command, CancellationToken ct)
    {
        var e = command.Event;
        var callback = await callbacks.GetAsync(e.CallbackId, ct);
        if (callback is null)
        {
            LogUnknownCallback(e.CallbackId, e.Type);
            return Unit.Value;
        }

        if (e.Type != SwitchEventType.Dialing && callback.Leg(e.Leg) is null)
            callback.LegDialing(e.Leg, e.Number, e.SwitchCallId, e.At); // the switch skipped reporting the dialling

        switch (e.Type)
        {
            case SwitchEventType.Dialing: callback.LegDialing(e.Leg, e.Number, e.SwitchCallId, e.At); break;
            case SwitchEventType.Ringing: callback.LegRinging(e.Leg, e.At); break;
            case SwitchEventType.Answered: callback.LegAnswered(e.Leg, e.At); break;
            case SwitchEventType.HungUp: callback.LegEnded(e.Leg, e.Cause ?? Domain.Callbacks.HangupCause.NormalClearing, e.At); break;
        }
        await unitOfWork.SaveChangesAsync(ct);
        return Unit.Value;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Switch event {Type} for unknown callback {CallbackId} ignored")]
    private partial void LogUnknownCallback(Guid callbackId, SwitchEventType type);
}
