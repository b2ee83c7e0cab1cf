using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Domain.UnitTests.Callbacks;

/// <summary>Caps and deadlines come from stored answer times and the reserved maximum (docs/billing.md).</summary>
public sealed class CallDeadlinesTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private const int Grace = 5, Allowance = 60;

    private static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    /// <summary>A callback reserved for 90 s: A answered at 10 s, B dialled at 11 s and answered at 20 s.</summary>
    private static Callback Connected()
    {
        var callback = Callback.Request(Guid.NewGuid(), "+48600316058", "+48774417880", CallbackOrigin.Sms, Guid.NewGuid(), T0);
        callback.HoldCredit(4m, 90);
        callback.Dispatched(At(1));
        callback.LegDialing(LegKind.A, "+48600316058", "a", At(2));
        callback.LegAnswered(LegKind.A, At(10), "a");
        callback.LegDialing(LegKind.B, "+48774417880", "b", At(11));
        callback.LegAnswered(LegKind.B, At(20), "b");
        return callback;
    }

    [Fact]
    public void The_destination_is_capped_at_its_answer_plus_the_maximum_and_the_grace_and_the_customer_as_far_as_the_reservation_covered()
    {
        var callback = Connected();
        Assert.Equal(At(20 + 90 + Grace), CallDeadlines.CapOf(callback, callback.Leg(LegKind.B)!, Grace, Allowance));
        Assert.Equal(At(11 + 90 + Allowance + Grace), CallDeadlines.CapOf(callback, callback.Leg(LegKind.A)!, Grace, Allowance));
        Assert.Equal(At(115), CallDeadlines.DeadlineOf(callback, Grace, Allowance)); // the earliest cap of a leg still up
    }

    [Fact]
    public void A_leg_reported_longer_than_its_cap_is_billed_to_the_cap_and_a_shorter_one_to_its_end()
    {
        var callback = Connected();
        callback.LegEnded(LegKind.B, HangupCause.NormalClearing, At(400), "b");
        Assert.Equal(At(115), CallDeadlines.BilledEndOf(callback, callback.Leg(LegKind.B)!, Grace, Allowance));
        callback.LegEnded(LegKind.A, HangupCause.NormalClearing, At(100), "a");
        Assert.Equal(At(100), CallDeadlines.BilledEndOf(callback, callback.Leg(LegKind.A)!, Grace, Allowance));
        Assert.Null(CallDeadlines.DeadlineOf(callback, Grace, Allowance)); // over: nothing to cut
    }

    [Fact]
    public void Ending_the_legs_ends_the_destination_first_and_completes_the_callback()
    {
        var callback = Connected();
        var ended = CallDeadlines.EndLegs(callback, _ => true, At(116));
        Assert.Equal([LegKind.B, LegKind.A], ended.Select(l => l.Kind));
        Assert.Equal(CallbackState.Completed, callback.State);
        Assert.False(callback.HasLegsUp);
    }

    [Fact]
    public void A_callback_without_a_reserved_maximum_has_no_deadline()
    {
        var callback = Callback.Request(Guid.NewGuid(), "+48600316058", "+48774417880", CallbackOrigin.Sms, Guid.NewGuid(), T0);
        callback.Dispatched(At(1));
        callback.LegDialing(LegKind.A, "+48600316058", "a", At(1));
        callback.LegAnswered(LegKind.A, At(2), "a");
        Assert.Null(CallDeadlines.DeadlineOf(callback, Grace, Allowance));
    }
}
