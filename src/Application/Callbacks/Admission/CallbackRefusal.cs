using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.Admission;

/// <summary>Why a call is not placed, in the order <see cref="CallbackAdmission"/> checks.</summary>
public enum RefusalReason
{
    /// <summary>The account is blocked.</summary>
    AccountBlocked,
    /// <summary>The account's service for the origin (SMS, web or ANI callback) is off.</summary>
    ServiceDisabled,
    /// <summary>A number the platform would ring is in a blocked range (premium rate, satellite...).</summary>
    NumberBlocked,
    /// <summary>A number the platform would ring is outside the account's allow-list.</summary>
    NumberNotAllowed,
    /// <summary>The per-sender or per-account limit of callbacks in the window is reached.</summary>
    TooManyRequests,
    /// <summary>The account already has its maximum of callbacks in progress.</summary>
    TooManyCallbacks,
    /// <summary>The account's tariff has no rate (in its currency) for a number the platform would ring.</summary>
    NoRate,
    /// <summary>The balance and credit limit do not cover a minimum call.</summary>
    InsufficientCredit,
    /// <summary>The account's daily spending cap is reached.</summary>
    DailyCapReached,
}

/// <summary>A refused call: the reason, the account (for replies that quote its balance or limits), the origin that asked, and for the
/// number rules the <paramref name="Number"/> that broke them and its <paramref name="Leg"/> (A: the phone rung first, B: the
/// destination). Each origin turns it into its own answer: an SMS reply, an HTTP status, an IVR prompt, a log line.</summary>
public sealed record CallbackRefusal(RefusalReason Reason, Account Account, CallbackOrigin Origin, string? Number = null, LegKind? Leg = null)
{
    /// <summary>Money, not a rule: a top-up (or tomorrow) would let the call through.</summary>
    public bool IsAboutMoney => Reason is RefusalReason.InsufficientCredit or RefusalReason.DailyCapReached;

    /// <summary>Too many calls now: later the call would go through.</summary>
    public bool IsTooManyCalls => Reason is RefusalReason.TooManyRequests or RefusalReason.TooManyCallbacks;
}

/// <summary>A new callback: what an origin parsed from its input. No <paramref name="Destination"/>: an ANI callback, whose destinations
/// the customer dials at the IVR prompt. <paramref name="RequestedBy"/>: the phone that asked (SMS sender, ANI caller), for the
/// per-sender limit. <paramref name="AccessNumber"/>: the number the customer wrote to or rang (none for a web callback), whose caller IDs
/// the callback shows unless the account has its own (<see cref="CallerIdChoice"/>). <paramref name="At"/>: when to ring (a scheduled web
/// callback); an SMS callback rings after the ring delay.</summary>
public sealed record CallbackRequest(CallbackOrigin Origin, string Source, string? Destination, Guid? InboundSmsId = null, string? RequestedBy = null,
    Domain.Sms.AccessNumber? AccessNumber = null, DateTimeOffset? At = null);

/// <summary>Either the admitted callback (created, credit reserved on the account, added to the repository: the caller saves and
/// dispatches) or the refusal.</summary>
public sealed record AdmittedCallback(Callback? Callback, CallbackRefusal? Refusal)
{
    public bool IsAdmitted => Refusal is null;
}

/// <summary>Either the new IVR number may be bridged for at most <paramref name="MaxSeconds"/> (the callback's reservation was re-sized:
/// the caller saves, then bridges), or the refusal.</summary>
public sealed record AdmittedLeg(int MaxSeconds, CallbackRefusal? Refusal)
{
    public bool IsAdmitted => Refusal is null;
}
