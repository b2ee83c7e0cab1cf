using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Billing;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Billing;

/// <summary>Why a call is not placed; each has its own reply (<see cref="Sms.Replies.For(CallRefusal, string, Account)"/>).</summary>
public enum CallRefusal { BlockedDestination, DestinationNotAllowed, NoRate, InsufficientCredit, DailyCapReached, TooManyCallbacks }

/// <summary>A call may go ahead holding <paramref name="Amount"/> of credit for at most <paramref name="MaxSeconds"/> connected; or it is
/// refused for <paramref name="Refusal"/>.</summary>
public sealed record Admission(CallRefusal? Refusal, decimal Amount = 0, int MaxSeconds = 0)
{
    public bool IsAdmitted => Refusal is null;
}

/// <summary>Product.md §5: fraud rules and credit before every call, the reservation of the longest affordable call for both legs, and the
/// charge of each leg when it ends. Reservations change the account (its concurrency token), so two callbacks racing for the same credit
/// cannot both have it: the loser's save fails and is retried against the fresh balance.</summary>
public sealed partial class CreditControl(
    ITariffRates rates, IBlockedPrefixRepository blocked, ICallbackRepository callbacks, ILedgerRepository ledger, IAccountRepository accounts,
    IOptions<BillingOptions> options, TimeProvider clock, ILogger<CreditControl> logger)
{
    /// <summary>Checks a new callback (a null destination: ANI, whose destinations come later) and holds its credit on the account.
    /// The caller saves the account and the callback together.</summary>
    public async Task<Admission> AdmitAsync(Account account, Callback callback, CancellationToken ct)
    {
        if (callback.Destination is { } destination && await CheckDestinationAsync(account, destination, ct) is { } refused) return new(refused);
        if (account.MaxConcurrentCallbacks > 0 && await callbacks.CountActiveByAccountAsync(account.Id, callback.Id, ct) >= account.MaxConcurrentCallbacks)
            return new(CallRefusal.TooManyCallbacks);

        var legA = await RateAsync(account, callback.Source, ct);
        var legB = callback.Destination is null ? null : await RateAsync(account, callback.Destination, ct);
        if (legA is null || callback.Destination is not null && legB is null) return new(CallRefusal.NoRate);

        var allowance = options.Value.RingAllowanceSeconds;
        var admission = await ReserveAsync(account, 0, t => legA.Cost(t + allowance) + (legB?.Cost(t) ?? 0), ct);
        if (admission.IsAdmitted) account.Reserve(callback.HoldCredit(admission.Amount, admission.MaxSeconds));
        return admission;
    }

    /// <summary>The customer dialled a new destination at the IVR prompt while leg A is up: the same rules, and the callback's reservation
    /// grows or shrinks to cover leg A so far plus the longest new call.</summary>
    public async Task<Admission> AdmitNextLegAsync(Account account, Callback callback, string destination, CancellationToken ct)
    {
        if (await CheckDestinationAsync(account, destination, ct) is { } refused) return new(refused);
        var legA = await RateAsync(account, callback.Source, ct);
        var legB = await RateAsync(account, destination, ct);
        if (legA is null || legB is null) return new(CallRefusal.NoRate);

        var aSoFar = Rate.CallSeconds(callback.Leg(LegKind.A)?.AnsweredAt, clock.GetUtcNow());
        var allowance = options.Value.RingAllowanceSeconds;
        var admission = await ReserveAsync(account, callback.Reserved, t => legA.Cost(aSoFar + t + allowance) + legB.Cost(t), ct);
        if (admission.IsAdmitted) account.Reserve(callback.HoldCredit(admission.Amount, admission.MaxSeconds));
        return admission;
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
            var seconds = Rate.CallSeconds(leg.AnsweredAt, leg.EndedAt);
            var rate = seconds == 0 ? null : await RateAsync(account, leg.Number, ct);
            if (seconds > 0 && rate is null) LogUnrated(callback.Id, leg.Kind);
            var cost = rate?.Cost(seconds) ?? 0m;
            callback.RateLeg(leg, rate?.BilledSeconds(seconds) ?? 0, rate?.PricePerMinute ?? 0m, cost);
            var entry = account.Charge(cost, callback.ReleaseCredit(cost), $"Callback {callback.Id:N} leg {leg.Kind} {leg.Number}", now);
            if (entry is not null) ledger.Add(entry);
        }
        if (finished && callback.Reserved > 0) account.Reserve(-callback.ReleaseCredit(callback.Reserved));
    }

    private async Task<CallRefusal?> CheckDestinationAsync(Account account, string destination, CancellationToken ct)
    {
        if (await blocked.AnyPrefixOfAsync(destination, ct)) return CallRefusal.BlockedDestination;
        if (account.AllowedPrefixes.Count > 0 && !account.AllowedPrefixes.Any(p => Prefixes.Matches(destination, p)))
            return CallRefusal.DestinationNotAllowed;
        return null;
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
    private async Task<Admission> ReserveAsync(Account account, decimal held, Func<int, decimal> cost, CancellationToken ct)
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
        if (cost(min) > budget) return new(capped ? CallRefusal.DailyCapReached : CallRefusal.InsufficientCredit);
        while (min < max) // costs only grow with time: the last second that fits
        {
            var mid = min + (max - min + 1) / 2;
            if (cost(mid) <= budget) min = mid; else max = mid - 1;
        }
        return new(null, cost(min), min);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Callback {CallbackId}: leg {Leg} has no rate on the account's tariff any more and is charged nothing")]
    private partial void LogUnrated(Guid callbackId, LegKind leg);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Account {AccountId}: its tariff is in {TariffCurrency} but the account in {AccountCurrency}; no call is rated")]
    private partial void LogCurrencyMismatch(Guid accountId, string tariffCurrency, string accountCurrency);
}
