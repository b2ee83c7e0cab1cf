using Mediator;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Callbacks.HandleSwitchEvent;

/// <summary>Apply one switch event to its callback and leg. Repeated and late events change nothing.</summary>
public sealed record HandleSwitchEventCommand(SwitchEvent Event) : ICommand;

public sealed partial class HandleSwitchEventHandler(
    ICallbackRepository callbacks, IIvrSettingsRepository ivrSettings, Ivr.IvrEngine.IvrEngine ivr, ISwitch phoneSwitch, ISender mediator,
    IUnitOfWork unitOfWork, ILogger<HandleSwitchEventHandler> logger)
    : ICommandHandler<HandleSwitchEventCommand>
{
    public async ValueTask<Unit> Handle(HandleSwitchEventCommand command, CancellationToken ct)
    {
        var e = command.Event;
        if (e.Type == SwitchEventType.IncomingCall)
        {
            await mediator.Send(new HandleIncomingCall.HandleIncomingCallCommand(e.SwitchCallId!, e.Number, e.CalledNumber), ct);
            return Unit.Value;
        }
        if (e.Type == SwitchEventType.PlaybackFinished) return Unit.Value;

        var callback = await callbacks.GetAsync(e.CallbackId, ct);
        if (callback is null)
        {
            LogUnknownCallback(e.CallbackId, e.Type);
            return Unit.Value;
        }

        var settings = await ivrSettings.GetAsync(ct);
        if (e.Type is SwitchEventType.Ringing or SwitchEventType.Answered or SwitchEventType.HungUp && callback.Leg(e.Leg) is null)
            callback.LegDialing(e.Leg, e.Number, e.SwitchCallId, e.At); // the switch skipped reporting the dialling

        var keepSourceUp = settings.Enabled && phoneSwitch.Capabilities.CanControlLegs;
        switch (e.Type)
        {
            case SwitchEventType.Dialing: callback.LegDialing(e.Leg, e.Number, e.SwitchCallId, e.At); break;
            case SwitchEventType.Ringing: callback.LegRinging(e.Leg, e.At, e.SwitchCallId); break;
            case SwitchEventType.Answered: callback.LegAnswered(e.Leg, e.At, e.SwitchCallId); break;
            case SwitchEventType.HungUp: callback.LegEnded(e.Leg, e.Cause ?? Domain.Callbacks.HangupCause.NormalClearing, e.At, e.SwitchCallId, keepSourceUp); break;
            case SwitchEventType.HandedOff: callback.HandedOff(e.At); break;
        }
        if (e.Type != SwitchEventType.Dtmf) await unitOfWork.SaveChangesAsync(ct);
        await ivr.OnEventAsync(callback, e, settings, mediator, ct);

        // A finished callback leaves no leg up (B busy while A waits, B hung up while A listens).
        if (callback.IsFinished && callback.HasLegsUp && e.Type == SwitchEventType.HungUp) await phoneSwitch.HangupAsync(callback.Id, ct);
        return Unit.Value;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Switch event {Type} for unknown callback {CallbackId} ignored")]
    private partial void LogUnknownCallback(Guid callbackId, SwitchEventType type);
}
