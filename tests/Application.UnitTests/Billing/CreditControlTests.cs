using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using NSubstitute;
using SmsCallback.Application.Billing;
using SmsCallback.Application.Callbacks.Admission;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Billing;
using SmsCallback.Domain.Callbacks;
using Callback = SmsCallback.Domain.Callbacks.Callback;

namespace SmsCallback.Application.UnitTests.Billing;

public sealed class CreditControlTests
{
    private const string Source = "+48600316058";
    private const string Destination = "+447700900123";
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly ITariffRates _rates = Substitute.For<ITariffRates>();
    private readonly ILedgerRepository _ledger = Substitute.For<ILedgerRepository>();
    private readonly IAccountRepository _accounts = Substitute.For<IAccountRepository>();
    private readonly List<LedgerEntry> _entries = [];
    private readonly BillingOptions _options = new() { MinimumCallSeconds = 60, MaxCallSeconds = 7200, RingAllowanceSeconds = 60 };
    private readonly Account _account;

    public CreditControlTests()
    {
        _account = Account.Create("alice", "hash", AccountRole.Client, _clock.GetUtcNow());
        _accounts.GetAsync(_account.Id, Arg.Any<CancellationToken>()).Returns(_ => Task.FromResult<Account?>(_account));
        SetRate("48", new Rate(0.10m, 0m, 0, 1));
        SetRate("44", new Rate(0.20m, 0m, 0, 1));
        _ledger.When(l => l.Add(Arg.Any<LedgerEntry>())).Do(ci => _entries.Add(ci.Arg<LedgerEntry>()));
        _ledger.SumChargesSinceAsync(_account.Id, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(ci => Task.FromResult(-_entries.Where(e => e.Reason == LedgerReason.CallCharge && e.At >= ci.ArgAt<DateTimeOffset>(1)).Sum(e => e.Amount)));
    }

    private void SetRate(string prefix, Rate rate, string currency = "EUR") =>
        _rates.FindAsync(Arg.Any<Guid?>(), Arg.Is<string>(n => n.TrimStart('+').StartsWith(prefix)), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult<TariffRateMatch?>(new(Guid.Empty, currency, prefix, prefix, rate)));

    private CreditControl Credit => new(_rates, _ledger, _accounts, Options.Create(_options), _clock,
        NullLogger<CreditControl>.Instance);

    private Callback NewCallback(string? destination = Destination) => destination is null
        ? Callback.RequestAni(_account.Id, Source, _clock.GetUtcNow())
        : Callback.Request(_account.Id, Source, destination, CallbackOrigin.Web, null, _clock.GetUtcNow());

    [Fact]
    public async Task Reserves_the_longest_call_the_balance_affords_on_both_legs_and_leaves_nothing_for_another()
    {
        _account.Post(10m, LedgerReason.TopUp, null, _clock.GetUtcNow());
        var callback = NewCallback();

        var admission = await Credit.ReserveAsync(_account, callback, CancellationToken.None);

        // A at 0.10/min for t + 60 s of ringing, B at 0.20/min for t: 0.1 (t + 60) / 60 + 0.2 t / 60 <= 10 → t = 1980 s.
        Assert.True(admission.IsReserved);
        Assert.Equal(1980, admission.MaxSeconds);
        Assert.Equal(10.00m, admission.Amount);
        Assert.Equal(10.00m, callback.Reserved);
        Assert.Equal(1980, callback.MaxDurationSeconds);
        Assert.Equal(0m, _account.Available);

        var second = await Credit.ReserveAsync(_account, NewCallback(), CancellationToken.None);
        Assert.Equal(RefusalReason.InsufficientCredit, second.Refusal);
    }

    [Fact]
    public async Task The_credit_limit_counts_and_a_balance_short_of_a_minimum_call_is_refused()
    {
        _account.Post(0.20m, LedgerReason.TopUp, null, _clock.GetUtcNow()); // a minute costs 0.1 * 2 + 0.2 = 0.40
        Assert.Equal(RefusalReason.InsufficientCredit, (await Credit.ReserveAsync(_account, NewCallback(), CancellationToken.None)).Refusal);
        Assert.Equal(0m, _account.Reserved);

        _account.ChangeSettings(0.20m, AccountServices.All, 1);
        var admitted = await Credit.ReserveAsync(_account, NewCallback(), CancellationToken.None);
        Assert.Equal(60, admitted.MaxSeconds);
        Assert.Equal(0.40m, _account.Reserved);
    }

    [Fact]
    public async Task The_maximum_call_time_is_capped_and_a_free_rate_still_has_a_limit()
    {
        SetRate("48", new Rate(0m, 0m, 0, 1));
        SetRate("44", new Rate(0m, 0m, 0, 1));
        var admission = await Credit.ReserveAsync(_account, NewCallback(), CancellationToken.None);
        Assert.Equal(7200, admission.MaxSeconds);
        Assert.Equal(0m, admission.Amount);
    }

    [Fact]
    public async Task A_number_without_a_rate_in_the_accounts_currency_is_refused_and_named_on_either_leg()
    {
        _account.Post(100m, LedgerReason.TopUp, null, _clock.GetUtcNow());
        SetRate("44", new Rate(0.20m, 0m, 0, 1), currency: "USD");
        var noRateForB = await Credit.ReserveAsync(_account, NewCallback(), CancellationToken.None);
        Assert.Equal((RefusalReason.NoRate, Destination, LegKind.B), (noRateForB.Refusal, noRateForB.Unrated, noRateForB.UnratedLeg));

        var fromUk = Callback.Request(_account.Id, Destination, Source, CallbackOrigin.Web, null, _clock.GetUtcNow());
        var noRateForA = await Credit.ReserveAsync(_account, fromUk, CancellationToken.None);
        Assert.Equal((RefusalReason.NoRate, Destination, LegKind.A), (noRateForA.Refusal, noRateForA.Unrated, noRateForA.UnratedLeg));
        Assert.Equal(0m, _account.Reserved);
    }

    [Fact]
    public async Task The_daily_spend_cap_limits_the_reservation_and_then_refuses()
    {
        _account.Post(100m, LedgerReason.TopUp, null, _clock.GetUtcNow());
        _account.ChangeFraudControls([], 1.00m);
        var callback = NewCallback();
        var admission = await Credit.ReserveAsync(_account, callback, CancellationToken.None);
        Assert.Equal(1.00m, admission.Amount); // not 100: the cap binds
        Assert.Equal(180, admission.MaxSeconds);

        Assert.Equal(RefusalReason.DailyCapReached, (await Credit.ReserveAsync(_account, NewCallback(), CancellationToken.None)).Refusal);
    }

    [Fact]
    public async Task Both_legs_are_charged_once_and_the_rest_of_the_reservation_is_given_back()
    {
        _account.Post(10m, LedgerReason.TopUp, null, _clock.GetUtcNow());
        var callback = NewCallback();
        await Credit.ReserveAsync(_account, callback, CancellationToken.None);
        var t0 = _clock.GetUtcNow();
        callback.Dispatched(t0);
        callback.LegDialing(LegKind.A, Source, "a", t0);
        callback.LegAnswered(LegKind.A, t0.AddSeconds(5), "a");
        callback.LegDialing(LegKind.B, Destination, "b", t0.AddSeconds(5));
        callback.LegAnswered(LegKind.B, t0.AddSeconds(15), "b");
        callback.LegEnded(LegKind.B, HangupCause.NormalClearing, t0.AddSeconds(135), "b"); // B: 120 s
        await Credit.SettleAsync(callback, CancellationToken.None);
        callback.LegEnded(LegKind.A, HangupCause.NormalClearing, t0.AddSeconds(135), "a"); // A: 130 s
        await Credit.SettleAsync(callback, CancellationToken.None);
        await Credit.SettleAsync(callback, CancellationToken.None); // again: nothing more

        var b = callback.Legs.Single(l => l.Kind == LegKind.B);
        var a = callback.Legs.Single(l => l.Kind == LegKind.A);
        Assert.Equal((120, 0.20m, 0.40m), (b.BilledSeconds, b.RatePerMinute, b.Cost));
        Assert.Equal((130, 0.10m, 0.2167m), (a.BilledSeconds, a.RatePerMinute, a.Cost));
        Assert.Equal(2, _entries.Count);
        Assert.Equal(10m - 0.40m - 0.2167m, _account.Balance);
        Assert.Equal(_account.Balance, _entries.Sum(e => e.Amount) + 10m);
        Assert.Equal(0m, _account.Reserved);
        Assert.Equal(0m, callback.Reserved);
    }

    [Fact]
    public async Task A_failed_callback_gives_back_its_whole_reservation_and_costs_nothing()
    {
        _account.Post(10m, LedgerReason.TopUp, null, _clock.GetUtcNow());
        var callback = NewCallback();
        await Credit.ReserveAsync(_account, callback, CancellationToken.None);
        callback.Dispatched(_clock.GetUtcNow());
        callback.LegDialing(LegKind.A, Source, "a", _clock.GetUtcNow());
        callback.LegEnded(LegKind.A, HangupCause.UserBusy, _clock.GetUtcNow().AddSeconds(3), "a");
        await Credit.SettleAsync(callback, CancellationToken.None);

        Assert.Equal(CallbackState.Failed, callback.State);
        Assert.Equal(0m, callback.Legs.Single().Cost);
        Assert.Empty(_entries);
        Assert.Equal((10m, 0m), (_account.Balance, _account.Reserved));
    }

    [Fact]
    public async Task A_new_number_at_the_ivr_prompt_is_reserved_for_what_is_left_after_the_first_call()
    {
        _account.Post(1.00m, LedgerReason.TopUp, null, _clock.GetUtcNow());
        var callback = NewCallback();
        await Credit.ReserveAsync(_account, callback, CancellationToken.None);
        var t0 = _clock.GetUtcNow();
        callback.Dispatched(t0);
        callback.LegDialing(LegKind.A, Source, "a", t0);
        callback.LegAnswered(LegKind.A, t0, "a");
        callback.LegDialing(LegKind.B, Destination, "b", t0);
        callback.LegAnswered(LegKind.B, t0, "b");
        callback.LegEnded(LegKind.B, HangupCause.NormalClearing, t0.AddSeconds(60), "b", keepSourceUp: true);
        await Credit.SettleAsync(callback, CancellationToken.None); // B: 0.20
        _clock.SetUtcNow(t0.AddSeconds(60));

        var next = await Credit.ReserveNextLegAsync(_account, callback, "+48226543210", CancellationToken.None);

        // Left: 0.80. A has run 60 s; A at 0.10 for 60 + t + 60, the new B at 0.10 for t: 0.1 (120 + t) / 60 + 0.1 t / 60 <= 0.80 → t = 180.
        Assert.Equal(180, next.MaxSeconds);
        Assert.Equal(0.80m, callback.Reserved);
        Assert.Equal(0m, _account.Available);
        Assert.Equal(RefusalReason.InsufficientCredit, (await Credit.ReserveAsync(_account, NewCallback(), CancellationToken.None)).Refusal);
    }
}
