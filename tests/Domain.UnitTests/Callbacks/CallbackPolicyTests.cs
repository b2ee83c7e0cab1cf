using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Domain.UnitTests.Callbacks;

/// <summary>Scheduled callbacks and retries of leg A in the aggregate (docs/callback-policies.md).</summary>
public sealed class CallbackPolicyTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly SourceRetryPolicy TwoRetries = new(2, TimeSpan.FromSeconds(60));

    private static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    private static Callback Requested(DateTimeOffset? dueAt = null) =>
        Callback.Request(Guid.NewGuid(), "+48600316058", "+48774417880", CallbackOrigin.Sms, Guid.NewGuid(), T0, dueAt: dueAt);

    [Fact]
    public void A_callback_due_later_waits_scheduled_and_is_requested_only_once_due()
    {
        var callback = Requested(At(10));
        Assert.Equal(CallbackState.Scheduled, callback.State);
        Assert.DoesNotContain(callback.PendingEvents(), e => e is CallbackRequested);

        Assert.False(callback.BecomeDue(At(9)));
        Assert.True(callback.BecomeDue(At(10)));
        Assert.Equal(CallbackState.Requested, callback.State);
        Assert.Single(callback.PendingEvents(), e => e is CallbackRequested);
        Assert.False(callback.BecomeDue(At(11))); // a second claim finds it requested
    }

    [Fact]
    public void A_busy_customer_is_tried_again_as_a_new_leg_even_when_the_switch_reuses_the_call_id_and_fails_after_the_last_retry()
    {
        var callback = Requested();
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            callback.Dispatched(At(attempt * 100));
            callback.LegDialing(LegKind.A, "+48600316058", "cb-a", At(attempt * 100 + 1)); // Asterisk names leg A's channel the same each time
            callback.LegRinging(LegKind.A, At(attempt * 100 + 2), "cb-a");
            callback.LegEnded(LegKind.A, HangupCause.UserBusy, At(attempt * 100 + 3), "cb-a", sourceRetry: TwoRetries);
            Assert.Equal(attempt, callback.SourceAttempts);
            if (attempt < 3)
            {
                Assert.Equal((CallbackState.Scheduled, At(attempt * 100 + 63)), (callback.State, callback.DueAt));
                Assert.True(callback.BecomeDue(At(attempt * 100 + 63)));
            }
        }
        Assert.Equal((CallbackState.Failed, FailureReason.SourceBusy), (callback.State, callback.FailureReason));
        Assert.All(callback.Legs, l => Assert.Equal(LegState.Ended, l.State));
        Assert.Single(callback.PendingEvents(), e => e is CallbackFailed { Reason: FailureReason.SourceBusy, CustomerHeardWhy: false });
    }

    [Fact]
    public void A_rejected_call_is_not_retried_and_a_repeated_hang_up_of_an_attempt_changes_nothing()
    {
        var rejected = Requested();
        rejected.Dispatched(At(1));
        rejected.LegDialing(LegKind.A, "+48600316058", "a1", At(2));
        rejected.LegEnded(LegKind.A, HangupCause.CallRejected, At(3), "a1", sourceRetry: TwoRetries);
        Assert.Equal((CallbackState.Failed, FailureReason.SourceRejected), (rejected.State, rejected.FailureReason));

        var busy = Requested();
        busy.Dispatched(At(1));
        busy.LegDialing(LegKind.A, "+48600316058", "a1", At(2));
        busy.LegEnded(LegKind.A, HangupCause.UserBusy, At(3), "a1", sourceRetry: TwoRetries);
        busy.LegEnded(LegKind.A, HangupCause.UserBusy, At(4), "a1", sourceRetry: TwoRetries);
        busy.LegDialing(LegKind.A, "+48600316058", "a1", At(5)); // a late report of the first attempt while it waits
        Assert.Equal((CallbackState.Scheduled, 1), (busy.State, busy.SourceAttempts));
    }

    [Fact]
    public void The_failure_notice_is_marked_once_and_only_for_a_failed_callback()
    {
        var callback = Requested();
        Assert.False(callback.TryMarkFailureNotice(At(1)));
        callback.Fail(FailureReason.SwitchError, At(2));
        Assert.True(callback.TryMarkFailureNotice(At(3)));
        Assert.False(callback.TryMarkFailureNotice(At(4)));
        Assert.Equal(At(3), callback.FailureNoticeAt);
    }
}
