using Mediator;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Behaviours;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Ivr.IvrEngine;

namespace SmsCallback.Application.Callbacks.HandleSwitchEvent;

/// <summary>Apply switch events, in order, to one callback and its legs. Repeated and late events change nothing. An ended leg or a finished
/// callback is charged in the same save (<see cref="Billing.CreditControl.SettleAsync"/>, docs/adr/0054-settled-with-the-hang-up.md). A
/// callback that fails before a call (a refused dispatch) is charged by the consumer of its event
/// (<see cref="SettleCallback.SettleCallbackCommand"/>). The events of one callback that arrive together (a leg dialling and ringing, both
/// legs hanging up) come as one command: one read and one save.</summary>
public sealed record HandleSwitchEventCommand(IReadOnlyList<SwitchEvent> Events) : ICommand, IRetryOnConflict
{
    public HandleSwitchEventCommand(SwitchEvent e) : this([e]) { }
}

/// <summary>Which command a switch event is for: a call to an access number is an ANI request, everything else concerns a callback.</summary>
public static class SwitchEventCommands
{
    public static IBaseCommand For(SwitchEvent e) => e.Type == SwitchEventType.IncomingCall
        ? new HandleIncomingCall.HandleIncomingCallCommand(e.SwitchCallId!, e.Number, e.CalledNumber)
        : new HandleSwitchEventCommand(e);

    /// <summary>The command for events that arrived one after the other: see <see cref="Together"/>.</summary>
    public static IBaseCommand For(IReadOnlyList<SwitchEvent> events) => events.Count == 1 ? For(events[0]) : new HandleSwitchEventCommand(events);

    /// <summary>Whether <paramref name="next"/>, arriving right after <paramref name="previous"/>, is applied in the same command: both move
    /// the same callback's legs (keys, prompts and incoming calls go alone). Only neighbours join, so the order of events never changes.</summary>
    public static bool Together(SwitchEvent previous, SwitchEvent next) =>
        previous.CallbackId != Guid.Empty && previous.CallbackId == next.CallbackId && MovesLegs(previous.Type) && MovesLegs(next.Type);

    private static bool MovesLegs(SwitchEventType type) => type is SwitchEventType.Dialing or SwitchEventType.Ringing or SwitchEventType.Answered
        or SwitchEventType.HungUp or SwitchEventType.HandedOff;
}

public sealed partial class HandleSwitchEventHandler(
    ICallbackRepository callbacks, IIvrSettingsRepository ivrSettings, IAccountRepository accounts, IvrEngine ivr, ISwitch phoneSwitch,
    Billing.CreditControl credit, IUnitOfWork unitOfWork, ILogger<HandleSwitchEventHandler> logger,
    Microsoft.Extensions.Options.IOptions<CallbackPolicyOptions> policy)
    : ICommandHandler<HandleSwitchEventCommand>
{
    public async ValueTask<Unit> Handle(HandleSwitchEventCommand command, CancellationToken ct)
    {
        var events = command.Events;
        var e = events[0];
        if (events.Count == 1 && e.Type == SwitchEventType.PlaybackFinished)
        {
            await ivr.OnPlaybackFinishedAsync(e.CallbackId, e.Digits);
            return Unit.Value;
        }

        var settings = await ivrSettings.GetAsync(ct);
        var callback = await callbacks.GetAsync(e.CallbackId, ct);
        if (callback is null)
        {
            LogUnknownCallback(e.CallbackId, e.Type);
            return Unit.Value;
        }
        // The IVR learns the caller's language once, when it first hears of the callback.
        var language = settings.Enabled && phoneSwitch.Capabilities.CanControlLegs && !ivr.IsFollowing(callback.Id)
            ? await accounts.FindLanguageAsync(callback.AccountId, ct)
            : null;
        if (events.Count == 1 && e.Type == SwitchEventType.Dtmf) // keys change no row: the IVR hears them at once
        {
            await OnIvrRequestAsync(callback, await ivr.OnEventAsync(callback, e, settings, language, ct), ct);
            return Unit.Value;
        }

        foreach (var each in events) Apply(callback, each, settings.Enabled && phoneSwitch.Capabilities.CanControlLegs, policy.Value.SourceRetry);
        if (callback.AwaitsSettlement)
        {
            // charged in this save: no outbox row, no consumer reading the callback again (a lost race runs this whole command again)
            await credit.SettleAsync(callback, ct, abandoned: callback.IsHandedOff);
            callback.Settled();
        }
        unitOfWork.OnCommitted(async token =>
        {
            // only calls and prompts follow a state change; the IVR sees the state after all the events applied together
            foreach (var each in events) await ivr.OnEventAsync(callback, each, settings, language, token);
            // A finished callback leaves no leg up (B busy while A waits, B hung up while A listens).
            if (callback.IsFinished && callback.HasLegsUp && events.Any(x => x.Type == SwitchEventType.HungUp))
                await phoneSwitch.HangupAsync(callback.Id, token);
        });
        return Unit.Value;
    }

    private async Task OnIvrRequestAsync(Domain.Callbacks.Callback callback, IvrRequest? request, CancellationToken ct)
    {
        switch (request?.Kind)
        {
            case IvrRequestKind.Dial:
                callback.RequestNextLeg(request.Typed!); // checked and bridged by its consumer once saved
                break;
            case IvrRequestKind.EndLeg:
                await ivr.EndLegAsync(callback.Id, ct);
                break;
            case IvrRequestKind.Balance or IvrRequestKind.BalanceAtPrompt:
                if (await accounts.GetAsync(request.AccountId, ct) is { } account)
                    await ivr.PlayBalanceAsync(callback.Id, account.Balance, account.Currency, request.Kind == IvrRequestKind.BalanceAtPrompt, ct);
                break;
        }
    }

    /// <summary>Moves the callback and its leg; repeated and late events change nothing.</summary>
    private static void Apply(Domain.Callbacks.Callback callback, SwitchEvent e, bool keepSourceUp, Domain.Callbacks.SourceRetryPolicy sourceRetry)
    {
        if (e.Type is SwitchEventType.Ringing or SwitchEventType.Answered or SwitchEventType.HungUp && callback.Leg(e.Leg) is null)
            callback.LegDialing(e.Leg, e.Number, e.SwitchCallId, e.At); // the switch skipped reporting the dialling
        switch (e.Type)
        {
            case SwitchEventType.Dialing: callback.LegDialing(e.Leg, e.Number, e.SwitchCallId, e.At); break;
            case SwitchEventType.Ringing: callback.LegRinging(e.Leg, e.At, e.SwitchCallId); break;
            case SwitchEventType.Answered: callback.LegAnswered(e.Leg, e.At, e.SwitchCallId); break;
            case SwitchEventType.HungUp: callback.LegEnded(e.Leg, e.Cause ?? Domain.Callbacks.HangupCause.NormalClearing, e.At, e.SwitchCallId, keepSourceUp, sourceRetry); break;
            case SwitchEventType.HandedOff: callback.HandedOff(e.At); break;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Switch event {Type} for unknown callback {CallbackId} ignored")]
    private partial void LogUnknownCallback(Guid callbackId, SwitchEventType type);
}
