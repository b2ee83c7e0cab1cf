using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Callbacks;

/// <summary>A request to ring the source (leg A) and then connect the destination (leg B).
/// Switch events move it through <see cref="CallbackState"/>; repeated or late events never move it backwards.</summary>
public sealed class Callback : AggregateRoot
{
    private readonly List<CallLeg> _legs = [];

    private Callback() { Source = ""; }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public CallbackOrigin Origin { get; private set; }
    public Guid? InboundSmsId { get; private set; }

    /// <summary>The phone that asked for it (the SMS sender), for per-sender limits.</summary>
    public string? RequestedBy { get; private set; }
    public string Source { get; private set; }
    /// <summary>The first destination; none for an ANI callback, whose destinations the customer dials at the IVR prompt.</summary>
    public string? Destination { get; private set; }
    public CallbackState State { get; private set; }
    public FailureReason? FailureReason { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset UpdatedAt { get; private set; }
    public IReadOnlyList<CallLeg> Legs => _legs;

    /// <summary>Credit this callback holds on its account for calls still to be charged.</summary>
    public decimal Reserved { get; private set; }

    /// <summary>The longest a destination may stay connected, given the credit (passed to the switch); null: no limit.</summary>
    public int? MaxDurationSeconds { get; private set; }

    /// <summary>When a <see cref="CallbackState.Scheduled"/> callback is to be rung (the ring delay, a web callback's <c>at</c>, a retry of
    /// leg A); kept afterwards as the time it was last due. Null: rung at once.</summary>
    public DateTimeOffset? DueAt { get; private set; }

    /// <summary>When the customer was sent the SMS saying why the callback failed; set once, so the SMS goes out once.</summary>
    public DateTimeOffset? FailureNoticeAt { get; private set; }

    /// <summary>How many times leg A was dialled (the first attempt and its retries).</summary>
    public int SourceAttempts => _legs.Count(l => l.Kind == LegKind.A);

    /// <summary>Sets what the callback holds; returns the change, which the account's reservation must follow.</summary>
    public decimal HoldCredit(decimal amount, int? maxDurationSeconds)
    {
        if (amount < 0) throw new DomainException("A reservation cannot be negative.");
        var change = amount - Reserved;
        Reserved = amount;
        MaxDurationSeconds = maxDurationSeconds;
        return change;
    }

    /// <summary>Takes up to <paramref name="amount"/> off the reservation (a leg was charged) and returns what was released.</summary>
    public decimal ReleaseCredit(decimal amount)
    {
        var released = Math.Min(Math.Max(amount, 0), Reserved);
        Reserved -= released;
        return released;
    }

    /// <summary>Legs that ended and still wait to be charged.</summary>
    public IReadOnlyList<CallLeg> UnratedEndedLegs() => [.. _legs.Where(l => l.State == LegState.Ended && !l.IsRated)];

    /// <summary>Records the rating of an ended leg; false when it was rated already.</summary>
    public bool RateLeg(CallLeg leg, int billedSeconds, decimal ratePerMinute, decimal cost) =>
        _legs.Contains(leg) && leg.Rate(billedSeconds, ratePerMinute, cost);

    /// <summary>Nothing more can be charged: the callback is over and no leg is up.</summary>
    public bool IsSettled => IsFinished && !HasLegsUp && UnratedEndedLegs().Count == 0;

    public bool IsFinished => CallbackStates.IsFinished(State);

    /// <param name="dueAt">Later than <paramref name="now"/>: the callback waits in <see cref="CallbackState.Scheduled"/> until then
    /// (its credit is held at once); else it is handed to the switch at once.</param>
    public static Callback Request(Guid accountId, string source, string destination, CallbackOrigin origin,
        Guid? inboundSmsId, DateTimeOffset now, string? requestedBy = null, DateTimeOffset? dueAt = null)
    {
        if (!E164.IsValid(source)) throw new DomainException($"The source '{source}' is not an E.164 number.");
        if (!E164.IsValid(destination)) throw new DomainException($"The destination '{destination}' is not an E.164 number.");
        var callback = new Callback
        {
            Id = Guid.CreateVersion7(now),
            AccountId = accountId,
            Source = source,
            Destination = destination,
            Origin = origin,
            InboundSmsId = inboundSmsId,
            RequestedBy = requestedBy,
            State = CallbackState.Requested,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (dueAt > now) callback.Schedule(dueAt.Value, now);
        else callback.Raise(new CallbackRequested(callback.Id));
        return callback;
    }

    /// <summary>ANI callback: the customer rang an access number; we ring them back straight into the IVR prompt.</summary>
    public static Callback RequestAni(Guid accountId, string source, DateTimeOffset now)
    {
        if (!E164.IsValid(source)) throw new DomainException($"The source '{source}' is not an E.164 number.");
        var callback = new Callback
        {
            Id = Guid.CreateVersion7(now), AccountId = accountId, Source = source, Origin = CallbackOrigin.Ani,
            RequestedBy = source, State = CallbackState.Requested, CreatedAt = now, UpdatedAt = now,
        };
        callback.Raise(new CallbackRequested(callback.Id));
        return callback;
    }

    /// <summary>The customer dialled a number at the IVR prompt while leg A is up; it is checked and bridged after this is saved.</summary>
    public void RequestNextLeg(string typed) => Raise(new NextLegRequested(Id, typed));

    /// <summary>What leg A (the customer's phone) shows, decided at admission; null: the switch's default.</summary>
    public string? CallerIdA { get; private set; }

    /// <summary>What leg B (and each later B leg) shows, decided at admission; null: the switch's default.</summary>
    public string? CallerIdB { get; private set; }

    /// <summary>Records the caller IDs the switch is asked to show (E.164 or null).</summary>
    public void ShowCallerIds(string? legA, string? legB)
    {
        CallerIds.Check(legA, legB);
        (CallerIdA, CallerIdB) = (legA, legB);
    }

    /// <summary>Waits until <paramref name="due"/> before leg A is rung (again).</summary>
    private void Schedule(DateTimeOffset due, DateTimeOffset at)
    {
        DueAt = due;
        Move(CallbackState.Scheduled, at);
    }

    /// <summary>A scheduled callback whose time has come is to be handed to the switch; false when it is not scheduled or not yet due.</summary>
    public bool BecomeDue(DateTimeOffset now)
    {
        if (State != CallbackState.Scheduled || DueAt > now) return false;
        Move(CallbackState.Requested, now);
        Raise(new CallbackRequested(Id));
        return true;
    }

    /// <summary>Records that the customer was told by SMS why the callback failed; false when that was done already (or it did not fail).</summary>
    public bool TryMarkFailureNotice(DateTimeOffset now)
    {
        if (State != CallbackState.Failed || FailureNoticeAt is not null) return false;
        FailureNoticeAt = now;
        return true;
    }

    /// <summary>The request has been handed to the switch, which now rings the source.</summary>
    public void Dispatched(DateTimeOffset now)
    {
        if (State != CallbackState.Requested) throw new DomainException($"A callback in state {State} cannot be dispatched.");
        Move(CallbackState.DialingSource, now);
        Withdraw(new CallbackRequested(Id)); // handed over in the unit of work that requested it: nothing left for a consumer
    }

    /// <summary>Whether a change since the last commit asks for the callback to be charged (a leg ended, or the callback finished).</summary>
    public bool AwaitsSettlement => PendingEvents().Any(e => e is CallLegEnded or CallbackFinished);

    /// <summary>The ended legs were charged, and a finished callback's reservation given back, in the unit of work that ended them: nothing is
    /// left for the consumer of <see cref="CallLegEnded"/> and <see cref="CallbackFinished"/> (docs/adr/0054-settled-with-the-hang-up.md).</summary>
    public void Settled() => WithdrawAll(e => e is CallLegEnded or CallbackFinished);

    public void LegDialing(LegKind kind, string number, string? switchCallId, DateTimeOffset at)
    {
        var latest = Leg(kind);
        // leg A tried again after a busy or unanswered attempt: a new leg A (its switch may reuse the call id of the attempt before)
        var retry = kind == LegKind.A && State == CallbackState.DialingSource && latest is { State: LegState.Ended };
        var repeated = !retry && switchCallId is not null && _legs.Any(l => l.SwitchCallId == switchCallId);
        if (repeated || !retry && latest is not null && (kind == LegKind.A || latest.State != LegState.Ended))
        {
            UpdatedAt = at; // a repeated or stray report: one leg A, and a new leg B only after the last one ended
            return;
        }
        _legs.Add(CallLeg.Dial(Id, kind, number, switchCallId, at)); // with the IVR, each new destination is a new leg B
        if (kind == LegKind.B && State == CallbackState.SourceAnswered) Move(CallbackState.DialingDestination, at);
        else UpdatedAt = at;
    }

    public void LegRinging(LegKind kind, DateTimeOffset at, string? switchCallId = null)
    {
        Find(kind, switchCallId)?.Ringing();
        UpdatedAt = at;
    }

    public void LegAnswered(LegKind kind, DateTimeOffset at, string? switchCallId = null)
    {
        var leg = Find(kind, switchCallId) ?? throw new DomainException($"Leg {kind} was never dialled.");
        leg.Answer(at);
        if (kind == LegKind.A && State == CallbackState.DialingSource) Move(CallbackState.SourceAnswered, at);
        else if (kind == LegKind.B && State is CallbackState.SourceAnswered or CallbackState.DialingDestination)
            Move(CallbackState.Connected, at);
        else UpdatedAt = at;
    }

    /// <param name="keepSourceUp">The IVR is on: when leg B ends while leg A is up, the callback returns to <c>SourceAnswered</c>
    /// (the customer hears the prompt) instead of ending.</param>
    /// <param name="sourceRetry">When leg A is busy or unanswered, how often it is tried again and after how long (none: it fails).</param>
    public void LegEnded(LegKind kind, int cause, DateTimeOffset at, string? switchCallId = null, bool keepSourceUp = false,
        SourceRetryPolicy? sourceRetry = null)
    {
        var leg = Find(kind, switchCallId) ?? throw new DomainException($"Leg {kind} was never dialled.");
        var answered = leg.WasAnswered;
        if (!leg.End(cause, at)) { UpdatedAt = at; return; }
        if (IsFinished || !EndLeg(kind, cause, at, answered, keepSourceUp, sourceRetry ?? SourceRetryPolicy.None))
            Raise(new CallLegEnded(Id, kind)); // when the callback finishes with it, CallbackFinished stands for both
    }

    /// <summary>Moves the callback after one of its legs ended; true when that finished it.</summary>
    private bool EndLeg(LegKind kind, int cause, DateTimeOffset at, bool answered, bool keepSourceUp, SourceRetryPolicy sourceRetry)
    {
        if (kind == LegKind.B && keepSourceUp && IsSourceUp && State is CallbackState.Connected or CallbackState.DialingDestination)
        {
            Move(CallbackState.SourceAnswered, at);
            return false;
        }
        switch (kind, State)
        {
            case (_, CallbackState.Connected):
                Move(CallbackState.Completed, at);
                break;
            case (LegKind.A, CallbackState.DialingSource)
                when SourceFailure(cause) is Callbacks.FailureReason.SourceBusy or Callbacks.FailureReason.SourceNoAnswer
                     && SourceAttempts <= sourceRetry.Retries:
                Schedule(at + sourceRetry.Interval, at); // the reservation stays held: a call can still happen
                break;
            case (LegKind.A, CallbackState.DialingSource):
                Fail(SourceFailure(cause), at);
                break;
            case (LegKind.A, _) when answered:
                EndAfterSource(at);
                break;
            case (LegKind.B, CallbackState.SourceAnswered or CallbackState.DialingDestination):
                Fail(DestinationFailure(cause), at);
                break;
            default:
                Fail(Callbacks.FailureReason.SwitchError, at);
                break;
        }
        return IsFinished;
    }

    /// <summary>Leg A is answered and still up: the customer is on the line.</summary>
    public bool IsSourceUp => Leg(LegKind.A) is { WasAnswered: true, State: not LegState.Ended };

    /// <summary>How many destinations this callback connected (several with the IVR).</summary>
    public int ConnectedDestinations => _legs.Count(l => l.Kind == LegKind.B && l.WasAnswered);

    /// <summary>The customer hung up: a success if any destination was connected, else the last destination's failure.</summary>
    private void EndAfterSource(DateTimeOffset at)
    {
        var lastB = Leg(LegKind.B);
        if (ConnectedDestinations > 0) Move(CallbackState.Completed, at);
        else if (lastB is { HangupCause: { } cause }) Fail(DestinationFailure(cause), at, customerHeardWhy: true); // the IVR told them
        else Fail(Callbacks.FailureReason.SourceHungUp, at, customerHeardWhy: true);
    }

    private CallLeg? Find(LegKind kind, string? switchCallId) =>
        switchCallId is not null && _legs.Where(l => l.SwitchCallId == switchCallId).MaxBy(l => l.DialedAt) is { } byId ? byId : Leg(kind);

    /// <summary>The switch accepted the request and reports nothing more (VoipSwitch's trigger): from here the switch owns the call.</summary>
    public void HandedOff(DateTimeOffset at)
    {
        if (State == CallbackState.DialingSource) Move(CallbackState.Completed, at);
    }

    /// <summary>Handed off to the switch (VoipSwitch's trigger): completed although no leg was ever answered here. The switch bills
    /// that call itself and reports nothing more, so the reservation is given back at once (docs/adr/0029-voipswitch-hand-off-releases-the-reservation.md).</summary>
    public bool IsHandedOff => State == CallbackState.Completed && _legs.All(l => l.AnsweredAt is null);

    /// <summary>Legs still up although the callback is over: the switch must hang them up.</summary>
    public bool HasLegsUp => _legs.Any(l => l.State != LegState.Ended);

    public void Fail(FailureReason reason, DateTimeOffset now) => Fail(reason, now, customerHeardWhy: false);

    private void Fail(FailureReason reason, DateTimeOffset now, bool customerHeardWhy)
    {
        if (IsFinished) return;
        FailureReason = reason;
        Move(CallbackState.Failed, now);
        Raise(new CallbackFailed(Id, reason, customerHeardWhy));
    }

    /// <summary>The latest leg of a kind (the IVR may dial several B legs).</summary>
    public CallLeg? Leg(LegKind kind) => _legs.Where(l => l.Kind == kind).MaxBy(l => l.DialedAt);

    private void Move(CallbackState state, DateTimeOffset at)
    {
        var wasFinished = IsFinished;
        State = state;
        UpdatedAt = at;
        if (!wasFinished && IsFinished) Raise(new CallbackFinished(Id));
    }

    private static FailureReason SourceFailure(int cause) => cause switch
    {
        HangupCause.UserBusy => Callbacks.FailureReason.SourceBusy,
        HangupCause.NoUserResponse or HangupCause.NoAnswer or HangupCause.NormalClearing => Callbacks.FailureReason.SourceNoAnswer,
        _ => Callbacks.FailureReason.SourceRejected,
    };

    private static FailureReason DestinationFailure(int cause) => cause switch
    {
        HangupCause.UserBusy => Callbacks.FailureReason.DestinationBusy,
        HangupCause.NoUserResponse or HangupCause.NoAnswer or HangupCause.NormalClearing => Callbacks.FailureReason.DestinationNoAnswer,
        _ => Callbacks.FailureReason.DestinationRejected,
    };
}
