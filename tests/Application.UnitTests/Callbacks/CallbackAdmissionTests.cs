using NSubstitute;
using SmsCallback.Application.Callbacks.Admission;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using static SmsCallback.Application.UnitTests.Callbacks.AdmissionWorld;

namespace SmsCallback.Application.UnitTests.Callbacks;

/// <summary>The admission's rules, their order and the refusal it returns, with the real credit control and rate limiter.</summary>
public sealed class CallbackAdmissionTests
{
    private const string Satellite = "+88216123456";
    private const string Iprs = "+979123456789";
    private readonly AdmissionWorld _w = new();

    private Task<AdmittedCallback> AdmitAsync(CallbackOrigin origin = CallbackOrigin.Web, string source = Phone, string? destination = Destination) =>
        _w.Admission.AdmitAsync(_w.Account, new(origin, source, destination, RequestedBy: origin == CallbackOrigin.Web ? null : source),
            CancellationToken.None);

    private void NothingAdmitted()
    {
        Assert.Empty(_w.Added);
        Assert.Equal(0m, _w.Account.Reserved);
    }

    [Fact]
    public async Task An_admitted_callback_is_created_holds_its_credit_and_is_added_for_the_caller_to_save()
    {
        var sms = Guid.NewGuid();
        var admitted = await _w.Admission.AdmitAsync(_w.Account, new(CallbackOrigin.Sms, Phone, Destination, sms, "+48501234567"), CancellationToken.None);

        Assert.True(admitted.IsAdmitted);
        var callback = Assert.Single(_w.Added);
        Assert.Same(callback, admitted.Callback);
        Assert.Equal((Phone, Destination, CallbackOrigin.Sms, sms, "+48501234567"),
            (callback.Source, callback.Destination, callback.Origin, callback.InboundSmsId, callback.RequestedBy));
        Assert.True(callback.Reserved > 0 && callback.Reserved == _w.Account.Reserved);
    }

    [Theory]
    [InlineData(Satellite, Destination, Satellite, LegKind.A)]
    [InlineData(Phone, Satellite, Satellite, LegKind.B)]
    public async Task A_blocked_range_is_refused_on_either_leg(string source, string destination, string refused, LegKind leg)
    {
        _w.Arrange(RefusalReason.NumberBlocked, Satellite);

        var refusal = (await AdmitAsync(source: source, destination: destination)).Refusal;

        Assert.Equal((RefusalReason.NumberBlocked, refused, leg), (refusal?.Reason, refusal?.Number, refusal?.Leg));
        NothingAdmitted();
    }

    [Theory]
    [InlineData(Phone, LegKind.A)]
    [InlineData(Destination, LegKind.B)]
    public async Task A_number_outside_the_allow_list_is_refused_on_either_leg(string outside, LegKind leg)
    {
        _w.Arrange(RefusalReason.NumberNotAllowed, outside);

        var refusal = (await AdmitAsync()).Refusal;

        Assert.Equal((RefusalReason.NumberNotAllowed, outside, leg), (refusal?.Reason, refusal?.Number, refusal?.Leg));
        NothingAdmitted();
    }

    [Fact]
    public async Task Ani_has_no_destination_yet_and_its_ring_back_number_is_checked()
    {
        _w.Arrange(RefusalReason.NumberBlocked, Iprs);

        var refusal = (await AdmitAsync(CallbackOrigin.Ani, source: Iprs, destination: null)).Refusal;

        Assert.Equal((RefusalReason.NumberBlocked, Iprs, LegKind.A), (refusal?.Reason, refusal?.Number, refusal?.Leg));
        Assert.True((await AdmitAsync(CallbackOrigin.Ani, destination: null)).IsAdmitted);
    }

    [Theory]
    [InlineData(CallbackOrigin.Sms, AccountServices.SmsCallback)]
    [InlineData(CallbackOrigin.Web, AccountServices.WebCallback)]
    [InlineData(CallbackOrigin.Ani, AccountServices.AniCallback)]
    public async Task Each_origin_needs_its_own_service(CallbackOrigin origin, AccountServices service)
    {
        _w.Account.ChangeSettings(0m, AccountServices.All & ~service, 5);

        Assert.Equal(RefusalReason.ServiceDisabled, (await AdmitAsync(origin, destination: origin == CallbackOrigin.Ani ? null : Destination)).Refusal?.Reason);
        foreach (var other in new[] { CallbackOrigin.Sms, CallbackOrigin.Web, CallbackOrigin.Ani }.Where(o => o != origin))
            Assert.True((await AdmitAsync(other, destination: other == CallbackOrigin.Ani ? null : Destination)).IsAdmitted, other.ToString());
    }

    [Fact]
    public async Task The_per_sender_limit_counts_the_phone_that_asked()
    {
        _w.Callbacks.CountByRequesterSinceAsync("+48501234567", Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>())
            .Returns(Task.FromResult(_w.Limits.MaxCallbacksPerSender));

        var refused = await _w.Admission.AdmitAsync(_w.Account, new(CallbackOrigin.Sms, Phone, Destination, RequestedBy: "+48501234567"), CancellationToken.None);

        Assert.Equal(RefusalReason.TooManyRequests, refused.Refusal?.Reason);
        Assert.True((await AdmitAsync(CallbackOrigin.Sms)).IsAdmitted); // another sender of the same account
    }

    /// <summary>Every rule broken at once: the refusals come out in the documented order as each rule is lifted in turn.</summary>
    [Fact]
    public async Task The_rules_are_checked_in_one_order()
    {
        const string Unrated = "+48226543210";
        _w.Account.Block();
        _w.Account.ChangeSettings(0m, AccountServices.None, 5);
        _w.Arrange(RefusalReason.NumberBlocked, Satellite);
        _w.Account.ChangeFraudControls(["4877", "4822"], 0.01m); // the destinations only, and a daily cap
        _w.Arrange(RefusalReason.TooManyRequests, Phone);
        _w.Arrange(RefusalReason.TooManyCallbacks, Phone);
        _w.Arrange(RefusalReason.NoRate, Unrated);
        var order = new List<RefusalReason?>();

        order.Add((await AdmitAsync(source: Satellite)).Refusal?.Reason);
        _w.Account.Unblock();
        order.Add((await AdmitAsync(source: Satellite)).Refusal?.Reason);
        _w.Account.ChangeSettings(0m, AccountServices.All, 5);
        order.Add((await AdmitAsync(source: Satellite)).Refusal?.Reason);
        order.Add((await AdmitAsync(source: Phone)).Refusal?.Reason);
        _w.Account.ChangeFraudControls([], 0.01m);
        order.Add((await AdmitAsync()).Refusal?.Reason);
        _w.Callbacks.CountByAccountSinceAsync(_w.Account.Id, Arg.Any<DateTimeOffset>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult(0));
        order.Add((await AdmitAsync()).Refusal?.Reason);
        _w.Callbacks.CountActiveByAccountAsync(_w.Account.Id, Arg.Any<Guid>(), Arg.Any<CancellationToken>()).Returns(Task.FromResult(0));
        order.Add((await AdmitAsync(destination: Unrated)).Refusal?.Reason);
        order.Add((await AdmitAsync()).Refusal?.Reason);
        _w.Account.ChangeFraudControls([], null);
        _w.Arrange(RefusalReason.InsufficientCredit, Phone);
        order.Add((await AdmitAsync()).Refusal?.Reason);

        Assert.Equal([RefusalReason.AccountBlocked, RefusalReason.ServiceDisabled, RefusalReason.NumberBlocked, RefusalReason.NumberNotAllowed,
            RefusalReason.TooManyRequests, RefusalReason.TooManyCallbacks, RefusalReason.NoRate, RefusalReason.DailyCapReached,
            RefusalReason.InsufficientCredit], order);
        NothingAdmitted();
    }

    [Fact]
    public async Task A_new_ivr_number_passes_the_same_rules_and_resizes_the_callbacks_credit()
    {
        var callback = await _w.AtThePromptAsync(CallbackOrigin.Sms);
        _w.Arrange(RefusalReason.NumberBlocked, Satellite);

        var blocked = await _w.Admission.AdmitNextLegAsync(_w.Account, callback, Satellite, CancellationToken.None);
        var next = await _w.Admission.AdmitNextLegAsync(_w.Account, callback, "+48226543210", CancellationToken.None);
        _w.Account.ChangeSettings(0m, AccountServices.All & ~AccountServices.SmsCallback, 5);
        var serviceOff = await _w.Admission.AdmitNextLegAsync(_w.Account, callback, "+48226543210", CancellationToken.None);

        Assert.Equal((RefusalReason.NumberBlocked, Satellite, LegKind.B), (blocked.Refusal?.Reason, blocked.Refusal?.Number, blocked.Refusal?.Leg));
        Assert.True(next.IsAdmitted && next.MaxSeconds > 0);
        Assert.Equal(callback.Reserved, _w.Account.Reserved);
        Assert.Equal(RefusalReason.ServiceDisabled, serviceOff.Refusal?.Reason); // the service of the callback's origin
        Assert.Empty(_w.Added); // a new leg is not a new callback
    }
}
