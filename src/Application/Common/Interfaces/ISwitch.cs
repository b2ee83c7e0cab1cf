using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Common.Interfaces;

/// <summary>Ring <paramref name="Source"/> (leg A); when it answers, ring <paramref name="Destination"/> (leg B) and bridge them.
/// Numbers are E.164. The switch cuts the call after <paramref name="MaxDuration"/> when it is given (the credit the caller has).
/// A null <paramref name="Destination"/> (ANI callback) leaves leg A alone after it answers: the IVR takes over.
/// <paramref name="CallerId"/> is what leg A shows, <see cref="DestinationCallerId"/> what leg B (and each later B leg) shows; null leaves
/// it to the switch's default. An adapter that cannot carry them ignores them (docs/switches.md, Caller ID).</summary>
public sealed record OriginateCallback(Guid CallbackId, string Source, string? Destination, string? CallerId, TimeSpan? MaxDuration)
{
    public string? DestinationCallerId { get; init; }
}

public enum SwitchEventType
{
    Dialing,
    Ringing,
    Answered,

    /// <summary>The leg ended; <see cref="SwitchEvent.Cause"/> is its Q.850 cause.</summary>
    HungUp,

    /// <summary>Leg A pressed keys (<see cref="SwitchEvent.Digits"/>).</summary>
    Dtmf,

    /// <summary>A prompt started by <see cref="ISwitch.PlayAsync"/> finished playing.</summary>
    PlaybackFinished,

    /// <summary>A call to an access number (<see cref="SwitchEvent.CalledNumber"/>) from <see cref="SwitchEvent.Number"/>, not answered;
    /// it belongs to no callback yet (<see cref="SwitchEvent.CallbackId"/> is empty). For ANI callback.</summary>
    IncomingCall,

    /// <summary>The switch took the request and will report nothing more (VoipSwitch's trigger): the platform cannot observe the call.</summary>
    HandedOff,
}

/// <summary>Something a switch reported about one leg of a callback. <paramref name="Cause"/> is Q.850 for <see cref="SwitchEventType.HungUp"/>.</summary>
public sealed record SwitchEvent(Guid CallbackId, LegKind Leg, SwitchEventType Type, string Number, string? SwitchCallId,
    int? Cause, DateTimeOffset At, string? Digits = null, string? CalledNumber = null);

/// <summary>What an adapter can do. VoipSwitch's trigger can only start a callback; the simulator and Asterisk can do everything.</summary>
public sealed record SwitchCapabilities(bool ReportsCallProgress, bool CanControlLegs);

/// <summary>A softswitch adapter (simulator, VoipSwitch, Asterisk ARI).</summary>
public interface ISwitch
{
    SwitchCapabilities Capabilities { get; }

    /// <exception cref="SwitchUnavailableException">the switch refused or could not be reached (after the adapter's bounded retries).</exception>
    Task OriginateAsync(OriginateCallback request, CancellationToken ct);

    /// <summary>Dial a new destination for a callback whose leg A is up, and bridge it to A when it answers (the IVR's next call).</summary>
    Task BridgeNewLegAsync(Guid callbackId, string destination, TimeSpan? maxDuration, CancellationToken ct);

    /// <summary>Hang up one leg; hanging up B keeps A (the IVR's end-leg code).</summary>
    Task HangupLegAsync(Guid callbackId, LegKind leg, CancellationToken ct);

    /// <summary>Hang up every leg of a callback.</summary>
    Task HangupAsync(Guid callbackId, CancellationToken ct);

    /// <summary>Play a prompt (<c>sound:smscallback/enter-number</c>, or <c>digits:123</c>) to leg A in <paramref name="language"/>
    /// (the recordings of that language: <c>&lt;sounds&gt;/&lt;language&gt;/smscallback/…</c> on Asterisk). Keys pressed arrive as Dtmf events.</summary>
    Task PlayAsync(Guid callbackId, string prompt, string language, CancellationToken ct);

    /// <summary>Refuse an incoming call without answering it (the caller pays nothing).</summary>
    Task RejectIncomingAsync(string switchCallId, CancellationToken ct);

    /// <summary>The events of all calls, in the order the switch reported them. One reader at a time.</summary>
    IAsyncEnumerable<SwitchEvent> ReadEventsAsync(CancellationToken ct);
}

public sealed class SwitchUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
