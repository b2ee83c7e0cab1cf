using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Callbacks.Admission;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Billing;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Billing;

/// <summary>The credit a call may hold: <paramref name="Amount"/> for at most <paramref name="MaxSeconds"/> connected; or the
/// <paramref name="Refusal"/> (no rate for the number <paramref name="Unrated"/> of leg <paramref name="UnratedLeg"/>, not enough credit,
/// daily cap reached).</summary>
public sealed record Reservation(RefusalReason? Refusal, decimal Amount = 0, int MaxSeconds = 0, string? Unrated = null, LegKind? UnratedLeg = null)
{
    public bool IsReserved => Refusal is null;
}

/// <summary>docs/product.md §5: the money side of a call — a rate for both numbers, the reservation of the longest affordable call for both
/// legs, and the charge of each leg when it ends. The rules before it (account, service, fraud, limits) are
/// <see cref="CallbackAdmission"/>'s, which is the only caller of the Reserve methods. Reservations change the account (its concurrency
/// token), so two callbacks racing for the same credit cannot both have it: the loser's save fails and is retried against the fresh
/// balance.</summary>
public sealed partial class CreditControl(
    ITariffRates rates, ILedgerRepository ledger, IAccountRepository accounts, IOptions<BillingOptions> options, TimeProvider clock,
    ILogger<CreditControl> logger, Common.Telemetry.SmsCallbackMetrics? metrics = null)
{
    /// <summary>Rates both numbers of a new callback (only the source for ANI, whose destinations come later) and holds its credit on the
    /// account. The caller saves the account and the callback together.</summary>
    public async Task<Reservation> ReserveAsync(Account account, Callback callback, CancellationToken ct)
    {
        var legA = await RateAsync(account, callback.Source, ct);
        if (legA is null) return new(RefusalReason.NoRate, Unrated: callback.Source, UnratedLeg: LegKind.A);
        var legB = callback.Destination is null ? null : await RateAsync(account, callback.Destination, ct);
        if (callback.Destination is not null && legB is null)
            return new(RefusalReason.NoRate, Unrated: callback.Destination, UnratedLeg: LegKind.B);

        var allowance = options.Value.RingAllowanceSeconds;
        var reservation = await ReserveAsync(account, 0, t => legA.Cost(t + allowance) + (legB?.Cost(t) ?? 0), ct);
        if (reservation.IsReserved) account.Reserve(callback.HoldCredit(reservation.Amount, reservation.MaxSeconds));
        return reservation;
    }

    /// <summary>The customer dialled a new destination at the IVR prompt while leg A is up: the callback's reservation grows or shrinks
    /// to cover leg A so far plus the longest new call.</summary>
    public async Task<Reservation> ReserveNextLegAsync(Account account, Callback callback, string destination, CancellationToken ct)
    {
        var legA = await RateAsync(account, callback.Source, ct);
        if (legA is null) return new(RefusalReason.NoRate, Unrated: callback.Source, UnratedLeg: LegKind.A);
        var legB = await RateAsync(account, destination, ct);
        if (legB is null) return new(RefusalReason.NoRate, Unrated: destination, UnratedLeg: LegKind.B);

        var aSoFar = Rate.CallSeconds(callback.Leg(LegKind.A)?.AnsweredAt, clock.GetUtcNow());
        var allowance = options.Value.RingAllowanceSeconds;
        var reservation = await ReserveAsync(account, callback.Reserved, t => legA.Cost(aSoFar + t + allowance) + legB.Cost(t), ct);
        if (reservation.IsReserved) account.Reserve(callback.HoldCredit(reservation.Amount, reservation.MaxSeconds));
        return reservation;
    }

    /// <summary>Charges every ended, unrated leg of the callback at the account's tariff and gives back the rest of its reservation once
    /// the callback is over. Running it again charges nothing twice. The caller saves. <paramref name="abandoned"/>: the switch lost track
    /// of the callback, so the reservation is given back even if a leg is still reported up.</summary>
    public async Task SettleAsync(Callback callback, CancellationToken ct, bool abandoned = false)
    {
        var finished = callback.IsFinished && (abandoned || !callback.HasLegsUp);
        if (callback.UnratedEndedLegs().Count == 0 && !(finished && callback.Reserved > 0)) return;
        var account = await accounts.GetAsync(callback.AccountId, ct);
        if (account is null) return;

        var now = clock.GetUtcNow();
        foreach (var leg in callback.UnratedEndedLegs())
        {
            var seconds = BilledSeconds(callback, leg);
            var rate = seconds == 0 ? null : await RateAsync(account, leg.Number, ct);
            if (seconds > 0 && rate is null) LogUnrated(callback.Id, leg.Kind);
            var cost = rate?.Cost(seconds) ?? 0m;
            callback.RateLeg(leg, rate?.BilledSeconds(seconds) ?? 0, rate?.PricePerMinute ?? 0m, cost);
            var entry = account.Charge(cost, callback.ReleaseCredit(cost), $"Callback {callback.Id:N} leg {leg.Kind} {leg.Number}", now);
            if (entry is not null) ledger.Add(entry);
        }
        if (finished && callback.Reserved > 0) account.Reserve(-callback.ReleaseCredit(callback.Reserved));
    }

    /// <summary>The leg's length, capped at its reserved maximum plus the grace (<see cref="CallDeadlines"/>); time beyond the cap is the
    /// switch's discrepancy, logged and counted for the operator, never charged.</summary>
    private int BilledSeconds(Callback callback, CallLeg leg)
    {
        var o = options.Value;
        var billedEnd = CallDeadlines.BilledEndOf(callback, leg, o.CallGraceSeconds, o.RingAllowanceSeconds);
        if (billedEnd != leg.EndedAt)
        {
            var beyond = (int)Math.Ceiling((leg.EndedAt!.Value - billedEnd!.Value).TotalSeconds);
            LogBeyondCap(callback.Id, leg.Kind, beyond);
            metrics?.SwitchDiscrepancy("beyond_cap");
        }
        return Rate.CallSeconds(leg.AnsweredAt, billedEnd);
    }

    /// <summary>The rate of a number on the account's tariff, only when the tariff is in the account's currency.</summary>
    private async Task<Rate?> RateAsync(Account account, string number, CancellationToken ct)
    {
        var match = await rates.FindAsync(account.TariffId, number, ct);
        if (match is null) return null;
        if (match.Currency != account.Currency)
        {
            LogCurrencyMismatch(account.Id, match.Currency, account.Currency);
            return null;
        }
        return match.Rate;
    }

    /// <summary>The longest connected time whose cost fits the credit the account has beside the callback's own <paramref name="held"/>
    /// reservation, within the daily cap.</summary>
    private async Task<Reservation> ReserveAsync(Account account, decimal held, Func<int, decimal> cost, CancellationToken ct)
    {
        var budget = account.Available + held;
        var capped = false;
        if (account.DailySpendCap is { } cap)
        {
            var today = new DateTimeOffset(clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
            var left = cap - await ledger.SumChargesSinceAsync(account.Id, today, ct) - (account.Reserved - held);
            if (left < budget) (budget, capped) = (left, true);
        }

        var (min, max) = (options.Value.MinimumCallSeconds, Math.Max(options.Value.MinimumCallSeconds, options.Value.MaxCallSeconds));
        if (cost(min) > budget) return new(capped ? RefusalReason.DailyCapReached : RefusalReason.InsufficientCredit);
        while (min < max) // costs only grow with time: the last second that fits
        {
            var mid = min + (max - min + 1) / 2;
            if (cost(mid) <= budget) min = mid; else max = mid - 1;
        }
        return new(null, cost(min), min);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Switch discrepancy: callback {CallbackId} leg {Leg} was up {Seconds} s beyond its reserved maximum plus the grace; that time is not charged")]
    private partial void LogBeyondCap(Guid callbackId, LegKind leg, int seconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Callback {CallbackId}: leg {Leg} has no rate on the account's tariff any more and is charged nothing")]
    private partial void LogUnrated(Guid callbackId, LegKind leg);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId}: its tariff is in {TariffCurrency} but the account in {AccountCurrency}; no call is rated")]
    private partial void LogCurrencyMismatch(Guid accountId, string tariffCurrency, string accountCurrency);
}
