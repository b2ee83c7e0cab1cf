namespace SmsCallback.Domain.Callbacks;

/// <summary>Which states of a callback are over, in one place.</summary>
public static class CallbackStates
{
    public static bool IsFinished(CallbackState state) => state is CallbackState.Completed or CallbackState.Failed;

    /// <summary>Every state of a callback not yet over: listed, so that a query seeks them in an index on the state instead of reading
    /// every callback that is not finished by elimination (the whole history).</summary>
    public static IReadOnlyList<CallbackState> InProgress { get; } = [.. Enum.GetValues<CallbackState>().Where(s => !IsFinished(s))];
}

/// <summary>The lifecycle of docs/product.md §4.</summary>
public enum CallbackState
{
    Requested = 0,
    DialingSource = 1,
    SourceAnswered = 2,
    DialingDestination = 3,
    Connected = 4,
    Completed = 5,
    Failed = 6,

    /// <summary>Admitted, its credit held, waiting for <see cref="Callback.DueAt"/>: the ring delay of an SMS callback, a web callback's
    /// <c>at</c>, or the pause before leg A is tried again (docs/callback-policies.md).</summary>
    Scheduled = 7,
}

public enum CallbackOrigin { Sms = 0, Web = 1, Ani = 2, Ivr = 3 }

public enum FailureReason
{
    SourceBusy = 1,
    SourceNoAnswer = 2,
    SourceRejected = 3,
    SourceHungUp = 4,
    DestinationBusy = 5,
    DestinationNoAnswer = 6,
    DestinationRejected = 7,
    InsufficientCredit = 8,
    BlockedDestination = 9,
    SwitchError = 10,
    Timeout = 11,
}

/// <summary>Leg A rings the source, leg B the destination.</summary>
public enum LegKind { A = 0, B = 1 }

public enum LegState { Dialing = 0, Ringing = 1, Answered = 2, Ended = 3 }

/// <summary>Q.850 cause values the platform interprets.</summary>
public static class HangupCause
{
    public const int UnallocatedNumber = 1;
    public const int NormalClearing = 16;
    public const int UserBusy = 17;
    public const int NoUserResponse = 18;
    public const int NoAnswer = 19;
    public const int CallRejected = 21;
    public const int Congestion = 34;
}
