using Mediator;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Callbacks.HandleSwitchEvent;

/// <summary>Apply one switch event to its callback and leg. Repeated and late events change nothing.</summary>
public sealed record HandleSwitchEventCommand(SwitchEvent Event) : ICommand;

public sealed partial class HandleSwitchEventHandler(
    ICallbackRepository callbacks, IIvrSettingsRepository ivrSettings, Ivr.IvrEngine.IvrEngine ivr, ISwitch phoneSwitch, ISender mediator,
    Billing.CreditControl credit, IUnitOfWork unitOfWork, ILogger<HandleSwitchEventHandler> logger)
    : ICommandHandler<HandleSwitchEventCommand>
{
    public const int MaxAttempts = 10;

    public async ValueTask<Unit> Handle(HandleSwitchEventCommand command, CancellationToken ct)
    {
        var e = command.Event;
        if (e.Type == SwitchEventType.IncomingCall)
        {
            await mediator.Send(new HandleIncomingCall.HandleIncomingCallCommand(e.SwitchCallId!, e.Number, e.CalledNumber), ct);
            return Unit.Value;
        }
        if (e.Type == SwitchEventType.PlaybackFinished)
        {
            await ivr.OnPlaybackFinishedAsync(e.CallbackId, e.Digits);
            return Unit.Value;
        }

        var settings = await ivrSettings.GetAsync(ct);
        var keepSourceUp = settings.Enabled && phoneSwitch.Capabilities.CanControlLegs;
        for (var attempt = 1; ; attempt++)
        {
            var callback = await callbacks.GetAsync(e.CallbackId, ct);
            if (callback is null)
            {
                LogUnknownCallback(e.CallbackId, e.Type);
                return Unit.Value;
            }
            Apply(callback, e, keepSourceUp);
            if (e.Type != SwitchEventType.Dtmf)
            {
                // An ended leg is charged; a finished callback gives back the rest of its credit. A hand-off (VoipSwitch) gives it all
                // back at once: VoipSwitch bills that call itself and reports nothing more (docs/adr/0034-voipswitch-hand-off-releases-the-reservation.md).
                await credit.SettleAsync(callback, ct, abandoned: e.Type == SwitchEventType.HandedOff);
                try
                {
                    await unitOfWork.SaveChangesAsync(ct);
                }
                catch (ConcurrencyConflictException) when (attempt < MaxAttempts)
                {
                    continue; // the account (another call's charge) or the callback changed: apply the event again to fresh rows
                }
            }
            await ivr.OnEventAsync(callback, e, settings, mediator, ct);

            // A finished callback leaves no leg up (B busy while A waits, B hung up while A listens).
            if (callback.IsFinished && callback.HasLegsUp && e.Type == SwitchEventType.HungUp) await phoneSwitch.HangupAsync(callback.Id, ct);
            return Unit.Value;
        }
    }

    /// <summary>Moves the callback and its leg; repeated and late events change nothing.</summary>
    private static void Apply(Domain.Callbacks.Callback callback, SwitchEvent e, bool keepSourceUp)
    {
        if (e.Type is SwitchEventType.Ringing or SwitchEventType.Answered or SwitchEventType.HungUp && callback.Leg(e.Leg) is null)
            callback.LegDialing(e.Leg, e.Number, e.SwitchCallId, e.At); // the switch skipped reporting the dialling
        switch (e.Type)
        {
            case SwitchEventType.Dialing: callback.LegDialing(e.Leg, e.Number, e.SwitchCallId, e.At); break;
            case SwitchEventType.Ringing: callback.LegRinging(e.Leg, e.At, e.SwitchCallId); break;
            case SwitchEventType.Answered: callback.LegAnswered(e.Leg, e.At, e.SwitchCallId); break;
            case SwitchEventType.HungUp: callback.LegEnded(e.Leg, e.Cause ?? Domain.Callbacks.HangupCause.NormalClearing, e.At, e.SwitchCallId, keepSourceUp); break;
            case SwitchEventType.HandedOff: callback.HandedOff(e.At); break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Switch event {Type} for unknown callback {CallbackId} ignored")]
    private partial void LogUnknownCallback(Guid callbackId, SwitchEventType type);
}
