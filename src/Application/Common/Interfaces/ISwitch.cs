using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Common.Interfaces;

/// <summary>Ring <paramref name="Source"/> (leg A); when it answers, ring <paramref name="Destination"/> (leg B) and bridge them.
/// Numbers are E.164. The switch cuts the call after <paramref name="MaxDuration"/> when it is given.</summary>
public sealed record OriginateCallback(Guid CallbackId, string Source, string Destination, string? CallerId, TimeSpan? MaxDuration);

public enum SwitchEventType { Dialing, Ringing, Answered, HungUp }

/// <summary>Something a switch reported about one leg of a callback. <paramref name="Cause"/> is Q.850 for <see cref="SwitchEventType.HungUp"/>.</summary>
public sealed record SwitchEvent(Guid CallbackId, LegKind Leg, SwitchEventType Type, string Number, string? SwitchCallId,
    int? Cause, DateTimeOffset At);

/// <summary>A softswitch adapter (simulator, VoipSwitch, Asterisk ARI).</summary>
public interface ISwitch
{
    /// <exception cref="SwitchUnavailableException">the switch refused or could not be reached.</exception>
    Task OriginateAsync(OriginateCallback request, CancellationToken ct);

    Task HangupAsync(Guid callbackId, CancellationToken ct);

    /// <summary>The events of all calls, in the order the switch reported them. One reader at a time.</summary>
    IAsyncEnumerable<SwitchEvent> ReadEventsAsync(CancellationToken ct);
}

public sealed class SwitchUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
