using SmsCallback.Application.Billing;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Billing;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.Admission;

/// <summary>The one gate every call passes, whatever asked for it (SMS, web, ANI, a new number at the IVR prompt, and whatever comes
/// later), checked in one order (docs/security/admission.md):
/// <list type="number">
/// <item>the account is active and its service for the origin is on;</item>
/// <item>every number the platform will ring — leg A (the source, ANI's ring-back number) and leg B (the destination, each IVR number) —
/// is outside the blocked ranges and inside the account's allow-list;</item>
/// <item>the per-sender and per-account limits of <see cref="CallbackRateLimiter"/>, then the maximum of callbacks in progress;</item>
/// <item>a tariff rate for both numbers and the credit reservation (<see cref="CreditControl"/>).</item>
/// </list>
/// Origins parse their own input and turn a <see cref="CallbackRefusal"/> into their own answer, and save. A callback due at once is
/// handed to the switch by that save (<see cref="DispatchCallback.CallbackDispatch"/>); a scheduled one when its time comes.</summary>
public sealed class CallbackAdmission(
    IBlockedPrefixRepository blocked, ICallbackRepository callbacks, CallbackRateLimiter rateLimiter, CreditControl credit,
    DispatchCallback.CallbackDispatch dispatch, TimeProvider clock,
    Common.Telemetry.SmsCallbackMetrics? metrics = null, Microsoft.Extensions.Options.IOptions<CallbackPolicyOptions>? policy = null)
{
    /// <summary>Checks a new callback; when admitted, creates it, reserves its credit on the account, adds it to the repository and, when
    /// it is due at once, hands it to the switch after the caller's commit. Every refusal, whatever the origin, is counted here (<c>smscallback.callbacks.refused</c> by reason and origin).</summary>
    public async Task<AdmittedCallback> AdmitAsync(Account account, CallbackRequest request, CancellationToken ct)
    {
        var admitted = await DecideAsync(account, request, ct);
        if (admitted.Refusal is { } refusal) Count(refusal);
        return admitted;
    }

    /// <summary>Checks a number dialled at the IVR prompt of <paramref name="callback"/> (whose leg A is up) by the same rules; when
    /// admitted, the callback's reservation covers the new call.</summary>
    public async Task<AdmittedLeg> AdmitNextLegAsync(Account account, Callback callback, string destination, CancellationToken ct)
    {
        var admitted = await DecideNextLegAsync(account, callback, destination, ct);
        if (admitted.Refusal is { } refusal) Count(refusal);
        return admitted;
    }

    private void Count(CallbackRefusal refusal) => metrics?.CallbackRefused(refusal.Reason.ToString(), refusal.Origin.ToString());

    private async Task<AdmittedCallback> DecideAsync(Account account, CallbackRequest request, CancellationToken ct)
    {
        var refusal = AccountRefusal(account, request.Origin)
            ?? await NumberRefusalAsync(account, request.Origin, request.Source, LegKind.A, ct)
            ?? (request.Destination is { } destination ? await NumberRefusalAsync(account, request.Origin, destination, LegKind.B, ct) : null);
        if (refusal is not null) return new(null, refusal);
        if (!await rateLimiter.AllowsAsync(account.Id, request.RequestedBy, ct)) return Refused(RefusalReason.TooManyRequests);

        var now = clock.GetUtcNow();
        var callback = request.Destination is null
            ? Callback.RequestAni(account.Id, request.Source, now)
            : Callback.Request(account.Id, request.Source, request.Destination, request.Origin, request.InboundSmsId, now, request.RequestedBy,
                DueAt(request, now));
        if (account.MaxConcurrentCallbacks > 0
            && await callbacks.CountActiveByAccountAsync(account.Id, callback.Id, ct) >= account.MaxConcurrentCallbacks)
            return Refused(RefusalReason.TooManyCallbacks);

        var reservation = await credit.ReserveAsync(account, callback, ct);
        if (reservation.Refusal is { } reason) return Refused(reason, reservation.Unrated, reservation.UnratedLeg);
        var (callerIdA, callerIdB) = CallerIdChoice.For(account, request.AccessNumber, request.Source);
        callback.ShowCallerIds(callerIdA, callerIdB);
        callbacks.Add(callback);
        dispatch.Now(callback); // due at once: rung after the commit that saves it, with no outbox round between
        return new(callback, null);

        AdmittedCallback Refused(RefusalReason reason, string? number = null, LegKind? leg = null) =>
            new(null, new(reason, account, request.Origin, number, leg));
    }

    private async Task<AdmittedLeg> DecideNextLegAsync(Account account, Callback callback, string destination, CancellationToken ct)
    {
        var refusal = AccountRefusal(account, callback.Origin) ?? await NumberRefusalAsync(account, callback.Origin, destination, LegKind.B, ct);
        if (refusal is not null) return new(0, refusal);
        if (!await rateLimiter.AllowsAsync(account.Id, null, ct)) return new(0, new(RefusalReason.TooManyRequests, account, callback.Origin));

        var reservation = await credit.ReserveNextLegAsync(account, callback, destination, ct);
        return reservation.Refusal is { } reason
            ? new(0, new(reason, account, callback.Origin, reservation.Unrated, reservation.UnratedLeg))
            : new(reservation.MaxSeconds, null);
    }

    /// <summary>When leg A rings: the time asked for, else for an SMS callback after the ring delay (the phone is still sending the SMS),
    /// else at once (docs/callback-policies.md).</summary>
    private DateTimeOffset? DueAt(CallbackRequest request, DateTimeOffset now) =>
        request.At ?? (request.Origin == CallbackOrigin.Sms && policy?.Value.RingDelaySeconds is > 0 and var delay ? now.AddSeconds(delay) : null);

    private static CallbackRefusal? AccountRefusal(Account account, CallbackOrigin origin)
    {
        if (!account.IsActive) return new(RefusalReason.AccountBlocked, account, origin);
        return account.Services.HasFlag(ServiceOf(origin)) ? null : new(RefusalReason.ServiceDisabled, account, origin);
    }

    /// <summary>The account's switch for calls of this origin; a new number at the IVR prompt needs that of the callback it belongs to.</summary>
    public static AccountServices ServiceOf(CallbackOrigin origin) => origin switch
    {
        CallbackOrigin.Sms => AccountServices.SmsCallback,
        CallbackOrigin.Web => AccountServices.WebCallback,
        CallbackOrigin.Ani => AccountServices.AniCallback,
        _ => AccountServices.None,
    };

    /// <summary>The fraud rules, on one number the platform would ring.</summary>
    private async Task<CallbackRefusal?> NumberRefusalAsync(Account account, CallbackOrigin origin, string number, LegKind leg, CancellationToken ct)
    {
        if (await blocked.AnyPrefixOfAsync(number, ct)) return new(RefusalReason.NumberBlocked, account, origin, number, leg);
        if (account.AllowedPrefixes.Count > 0 && !account.AllowedPrefixes.Any(p => Prefixes.Matches(number, p)))
            return new(RefusalReason.NumberNotAllowed, account, origin, number, leg);
        return null;
    }
}
