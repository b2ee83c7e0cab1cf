using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.UnitTests.Callbacks;

public sealed class CallbackLifecycleTests
{
    private const string Source = "+48600316058";
    private const string Destination = "+48774417880";
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Guid AccountId = Guid.NewGuid();

    private static DateTimeOffset At(int seconds) => T0.AddSeconds(seconds);

    private static Callback Requested() =>
        Callback.Request(AccountId, Source, Destination, CallbackOrigin.Sms, inboundSmsId: Guid.NewGuid(), T0);

    private static Callback DialingSource()
    {
        var callback = Requested();
        callback.Dispatched(At(1));
        callback.LegDialing(LegKind.A, Source, "sw-a", At(2));
        return callback;
    }

    private static Callback SourceAnswered()
    {
        var callback = DialingSource();
        callback.LegRinging(LegKind.A, At(3));
        callback.LegAnswered(LegKind.A, At(10));
        return callback;
    }

    private static Callback DialingDestination()
    {
        var callback = SourceAnswered();
        callback.LegDialing(LegKind.B, Destination, "sw-b", At(11));
        return callback;
    }

    private static Callback Connected()
    {
        var callback = DialingDestination();
        callback.LegRinging(LegKind.B, At(12));
        callback.LegAnswered(LegKind.B, At(20));
        return callback;
    }

    [Fact]
    public void A_new_request_keeps_its_numbers_origin_and_inbound_sms()
    {
        var smsId = Guid.NewGuid();

        var callback = Callback.Request(AccountId, Source, Destination, CallbackOrigin.Sms, smsId, T0);

        Assert.Equal(CallbackState.Requested, callback.State);
        Assert.Equal(AccountId, callback.AccountId);
        Assert.Equal(Source, callback.Source);
        Assert.Equal(Destination, callback.Destination);
        Assert.Equal(CallbackOrigin.Sms, callback.Origin);
        Assert.Equal(smsId, callback.InboundSmsId);
        Assert.Equal(T0, callback.CreatedAt);
        Assert.Null(callback.FailureReason);
        Assert.Empty(callback.Legs);
        Assert.False(callback.IsFinished);
    }

    [Theory]
    [InlineData("48600316058", Destination)]
    [InlineData(Source, "0048774417880")]
    [InlineData("", Destination)]
    [InlineData(Source, "+48 774 417 880")]
    public void A_request_with_a_number_that_is_not_E164_is_refused(string source, string destination)
    {
        Assert.Throws<DomainException>(() =>
            Callback.Request(AccountId, source, destination, CallbackOrigin.Web, null, T0));
    }

    [Fact]
    public void The_happy_path_goes_through_every_state_in_order()
    {
        var callback = Requested();
        var states = new List<CallbackState> { callback.State };

        callback.Dispatched(At(1));
        states.Add(callback.State);
        callback.LegDialing(LegKind.A, Source, "sw-a", At(2));
        callback.LegRinging(LegKind.A, At(3));
        callback.LegAnswered(LegKind.A, At(10));
        states.Add(callback.State);
        callback.LegDialing(LegKind.B, Destination, "sw-b", At(11));
        states.Add(callback.State);
        callback.LegAnswered(LegKind.B, At(20));
        states.Add(callback.State);
        callback.LegEnded(LegKind.B, HangupCause.NormalClearing, At(80));
        states.Add(callback.State);

        Assert.Equal(
            [CallbackState.Requested, CallbackState.DialingSource, CallbackState.SourceAnswered,
             CallbackState.DialingDestination, CallbackState.Connected, CallbackState.Completed],
            states);
        Assert.Null(callback.FailureReason);
        Assert.True(callback.IsFinished);
        Assert.Equal(At(80), callback.UpdatedAt);
    }

    [Fact]
    public void Dialling_the_source_does_not_leave_DialingSource_until_it_answers()
    {
        var callback = DialingSource();
        callback.LegRinging(LegKind.A, At(3));

        Assert.Equal(CallbackState.DialingSource, callback.State);
        Assert.Equal(LegState.Ringing, callback.Leg(LegKind.A)!.State);
    }

    [Fact]
    public void Either_side_hanging_up_a_connected_call_completes_it()
    {
        var callback = Connected();

        callback.LegEnded(LegKind.A, HangupCause.NormalClearing, At(90));

        Assert.Equal(CallbackState.Completed, callback.State);
        Assert.Null(callback.FailureReason);
    }

    [Fact]
    public void Legs_record_their_number_switch_id_times_and_hangup_cause()
    {
        var callback = Connected();
        callback.LegEnded(LegKind.B, HangupCause.NormalClearing, At(80));
        callback.LegEnded(LegKind.A, HangupCause.NormalClearing, At(81));

        var a = callback.Leg(LegKind.A)!;
        var b = callback.Leg(LegKind.B)!;
        Assert.Equal(2, callback.Legs.Count);

        Assert.Equal(callback.Id, a.CallbackId);
        Assert.Equal(Source, a.Number);
        Assert.Equal("sw-a", a.SwitchCallId);
        Assert.Equal(At(2), a.DialedAt);
        Assert.Equal(At(10), a.AnsweredAt);
        Assert.Equal(At(81), a.EndedAt);
        Assert.Equal(HangupCause.NormalClearing, a.HangupCause);
        Assert.Equal(LegState.Ended, a.State);
        Assert.True(a.WasAnswered);

        Assert.Equal(callback.Id, b.CallbackId);
        Assert.Equal(Destination, b.Number);
        Assert.Equal("sw-b", b.SwitchCallId);
        Assert.Equal(At(11), b.DialedAt);
        Assert.Equal(At(20), b.AnsweredAt);
        Assert.Equal(At(80), b.EndedAt);
        Assert.Equal(LegState.Ended, b.State);
    }

    [Theory]
    [InlineData(HangupCause.UserBusy, FailureReason.SourceBusy)]
    [InlineData(HangupCause.NoAnswer, FailureReason.SourceNoAnswer)]
    [InlineData(HangupCause.NoUserResponse, FailureReason.SourceNoAnswer)]
    [InlineData(HangupCause.NormalClearing, FailureReason.SourceNoAnswer)]
    [InlineData(HangupCause.CallRejected, FailureReason.SourceRejected)]
    [InlineData(HangupCause.UnallocatedNumber, FailureReason.SourceRejected)]
    public void When_the_source_never_answers_the_callback_fails_with_the_reason_of_its_cause(int cause, FailureReason reason)
    {
        var callback = DialingSource();

        callback.LegEnded(LegKind.A, cause, At(30));

        Assert.Equal(CallbackState.Failed, callback.State);
        Assert.Equal(reason, callback.FailureReason);
        Assert.Equal(cause, callback.Leg(LegKind.A)!.HangupCause);
        Assert.Equal(At(30), callback.Leg(LegKind.A)!.EndedAt);
        Assert.Null(callback.Leg(LegKind.A)!.AnsweredAt);
        Assert.Equal(At(30), callback.UpdatedAt);
    }

    [Theory]
    [InlineData(HangupCause.UserBusy, FailureReason.DestinationBusy)]
    [InlineData(HangupCause.NoAnswer, FailureReason.DestinationNoAnswer)]
    [InlineData(HangupCause.NoUserResponse, FailureReason.DestinationNoAnswer)]
    [InlineData(HangupCause.CallRejected, FailureReason.DestinationRejected)]
    [InlineData(HangupCause.Congestion, FailureReason.DestinationRejected)]
    public void When_the_destination_never_answers_the_callback_fails_with_the_reason_of_its_cause(int cause, FailureReason reason)
    {
        var callback = DialingDestination();

        callback.LegEnded(LegKind.B, cause, At(40));

        Assert.Equal(CallbackState.Failed, callback.State);
        Assert.Equal(reason, callback.FailureReason);
        Assert.Equal(cause, callback.Leg(LegKind.B)!.HangupCause);
    }

    [Fact]
    public void The_source_hanging_up_while_the_destination_is_dialled_is_SourceHungUp()
    {
        var callback = DialingDestination();

        callback.LegEnded(LegKind.A, HangupCause.NormalClearing, At(15));

        Assert.Equal(CallbackState.Failed, callback.State);
        Assert.Equal(FailureReason.SourceHungUp, callback.FailureReason);
    }

    [Fact]
    public void The_source_hanging_up_before_the_destination_is_dialled_is_SourceHungUp()
    {
        var callback = SourceAnswered();

        callback.LegEnded(LegKind.A, HangupCause.NormalClearing, At(11));

        Assert.Equal(FailureReason.SourceHungUp, callback.FailureReason);
    }

    [Fact]
    public void A_repeated_hangup_changes_nothing()
    {
        var callback = DialingSource();
        callback.LegEnded(LegKind.A, HangupCause.UserBusy, At(30));

        callback.LegEnded(LegKind.A, HangupCause.CallRejected, At(31));

        Assert.Equal(CallbackState.Failed, callback.State);
        Assert.Equal(FailureReason.SourceBusy, callback.FailureReason);
        Assert.Equal(HangupCause.UserBusy, callback.Leg(LegKind.A)!.HangupCause);
        Assert.Equal(At(30), callback.Leg(LegKind.A)!.EndedAt);
    }

    [Fact]
    public void A_late_answer_does_not_move_a_connected_call_back()
    {
        var callback = Connected();

        callback.LegAnswered(LegKind.A, At(25));
        callback.LegDialing(LegKind.B, Destination, "sw-b-again", At(26));
        callback.LegRinging(LegKind.B, At(27));

        Assert.Equal(CallbackState.Connected, callback.State);
        Assert.Equal(At(10), callback.Leg(LegKind.A)!.AnsweredAt);
        Assert.Equal("sw-b", callback.Leg(LegKind.B)!.SwitchCallId);
        Assert.Equal(LegState.Answered, callback.Leg(LegKind.B)!.State);
        Assert.Equal(2, callback.Legs.Count);
    }

    [Fact]
    public void Events_after_completion_leave_it_completed()
    {
        var callback = Connected();
        callback.LegEnded(LegKind.B, HangupCause.NormalClearing, At(80));

        callback.LegAnswered(LegKind.B, At(81));
        callback.LegEnded(LegKind.A, HangupCause.UserBusy, At(82));
        callback.Fail(FailureReason.SwitchError, At(83));

        Assert.Equal(CallbackState.Completed, callback.State);
        Assert.Null(callback.FailureReason);
        Assert.Equal(HangupCause.UserBusy, callback.Leg(LegKind.A)!.HangupCause); // the leg still records its own end
    }

    [Fact]
    public void Events_after_a_failure_leave_it_failed_with_the_first_reason()
    {
        var callback = DialingDestination();
        callback.LegEnded(LegKind.B, HangupCause.UserBusy, At(40));

        callback.LegAnswered(LegKind.A, At(41));
        callback.LegEnded(LegKind.A, HangupCause.NormalClearing, At(42));
        callback.Fail(FailureReason.Timeout, At(43));

        Assert.Equal(CallbackState.Failed, callback.State);
        Assert.Equal(FailureReason.DestinationBusy, callback.FailureReason);
        Assert.Equal(At(42), callback.Leg(LegKind.A)!.EndedAt);
    }

    [Fact]
    public void A_ringing_event_after_the_answer_does_not_unanswer_the_leg()
    {
        var callback = SourceAnswered();

        callback.LegRinging(LegKind.A, At(12));

        Assert.Equal(LegState.Answered, callback.Leg(LegKind.A)!.State);
        Assert.Equal(CallbackState.SourceAnswered, callback.State);
    }

    [Fact]
    public void Dispatching_twice_throws()
    {
        var callback = Requested();
        callback.Dispatched(At(1));

        var ex = Assert.Throws<DomainException>(() => callback.Dispatched(At(2)));

        Assert.Contains("DialingSource", ex.Message);
        Assert.Equal(CallbackState.DialingSource, callback.State);
    }

    [Fact]
    public void A_failed_callback_cannot_be_dispatched()
    {
        var callback = Requested();
        callback.Fail(FailureReason.InsufficientCredit, At(1));

        Assert.Throws<DomainException>(() => callback.Dispatched(At(2)));
        Assert.Equal(FailureReason.InsufficientCredit, callback.FailureReason);
    }

    [Theory]
    [InlineData(LegKind.A)]
    [InlineData(LegKind.B)]
    public void Answering_or_ending_a_leg_that_was_never_dialled_throws(LegKind kind)
    {
        var callback = Requested();
        callback.Dispatched(At(1));

        Assert.Throws<DomainException>(() => callback.LegAnswered(kind, At(2)));
        Assert.Throws<DomainException>(() => callback.LegEnded(kind, HangupCause.NormalClearing, At(2)));
        Assert.Equal(CallbackState.DialingSource, callback.State);
    }

    [Fact]
    public void Failing_before_dispatch_records_the_reason()
    {
        var callback = Requested();

        callback.Fail(FailureReason.BlockedDestination, At(1));

        Assert.Equal(CallbackState.Failed, callback.State);
        Assert.Equal(FailureReason.BlockedDestination, callback.FailureReason);
        Assert.True(callback.IsFinished);
        Assert.Equal(At(1), callback.UpdatedAt);
    }

    [Fact]
    public void A_destination_answer_reported_before_its_dialling_state_still_connects()
    {
        var callback = SourceAnswered();
        callback.LegDialing(LegKind.B, Destination, null, At(11));
        Assert.Equal(CallbackState.DialingDestination, callback.State);

        callback.LegAnswered(LegKind.B, At(12));

        Assert.Equal(CallbackState.Connected, callback.State);
    }
}
