using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Callbacks;

/// <summary>How long each leg of a callback may be billed, from what is stored (docs/billing.md). A destination (leg B) may be connected for
/// the callback's <see cref="Callback.MaxDurationSeconds"/> plus a grace; the customer's leg A for as long as its reservation covered it
/// (the maximum plus the ring allowance, from the moment the last destination was dialled, or from its own answer) plus the same grace.
/// Nothing is billed beyond these caps, whatever the switch reports; the platform's watchdog hangs up a leg still up at its cap.</summary>
public static class CallDeadlines
{
    /// <summary>The latest moment <paramref name="leg"/> may be billed to; null when the callback has no time limit or the leg was never
    /// answered (nothing to bill).</summary>
    public static DateTimeOffset? CapOf(Callback callback, CallLeg leg, int graceSeconds, int ringAllowanceSeconds)
    {
        if (callback.MaxDurationSeconds is not { } max || leg.AnsweredAt is not { } answered) return null;
        var limit = TimeSpan.FromSeconds(max + Math.Max(0, graceSeconds));
        if (leg.Kind == LegKind.B) return answered + limit;
        var lastB = callback.Leg(LegKind.B);
        var from = lastB is not null && lastB.DialedAt > answered ? lastB.DialedAt : answered;
        return from + limit + TimeSpan.FromSeconds(Math.Max(0, ringAllowanceSeconds));
    }

    /// <summary>When the watchdog must end the callback: the earliest cap of a leg still up; null when no answered leg is up or there is
    /// no limit.</summary>
    public static DateTimeOffset? DeadlineOf(Callback callback, int graceSeconds, int ringAllowanceSeconds) =>
        callback.IsFinished ? null
            : callback.Legs.Where(l => l.State != LegState.Ended).Select(l => CapOf(callback, l, graceSeconds, ringAllowanceSeconds))
                .Where(c => c is not null).Min();

    /// <summary>The end a leg is billed to: its reported end, but never past its cap.</summary>
    public static DateTimeOffset? BilledEndOf(Callback callback, CallLeg leg, int graceSeconds, int ringAllowanceSeconds) =>
        leg.EndedAt is { } ended && CapOf(callback, leg, graceSeconds, ringAllowanceSeconds) is { } cap && cap < ended ? cap : leg.EndedAt;

    /// <summary>Ends, in the callback's records, the legs the platform knows are no longer up (the switch was told to hang them up, or no
    /// longer has them): destinations first, so the customer's leg ends last as it does on a switch. Returns the legs ended.</summary>
    public static IReadOnlyList<CallLeg> EndLegs(Callback callback, Func<CallLeg, bool> which, DateTimeOffset at)
    {
        var legs = callback.Legs.Where(l => l.State != LegState.Ended && which(l)).OrderByDescending(l => l.Kind).ToList();
        foreach (var leg in legs) callback.LegEnded(leg.Kind, HangupCause.NormalClearing, at, leg.SwitchCallId ?? NoSuchCallId(callback, leg));
        return legs;
    }

    /// <summary><see cref="Callback.LegEnded"/> finds a leg by its switch call id, else the latest of its kind: a leg without an id is
    /// the latest of its kind (a leg B is dialled only after the previous one ended).</summary>
    private static string? NoSuchCallId(Callback callback, CallLeg leg) => callback.Leg(leg.Kind) == leg ? null : throw new DomainException(
        "An earlier leg without a switch call id cannot be ended on its own.");
}
