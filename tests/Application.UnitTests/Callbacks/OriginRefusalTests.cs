using Mediator;
using NSubstitute;
using SmsCallback.Application.Callbacks.Admission;
using SmsCallback.Application.Callbacks.HandleIncomingCall;
using SmsCallback.Application.Callbacks.RequestCallback;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Ivr.PlaceIvrCall;
using SmsCallback.Application.Sms;
using SmsCallback.Application.Sms.ProcessInboundSms;
using SmsCallback.Application.UnitTests.Common;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Sms;
using static SmsCallback.Application.UnitTests.Callbacks.AdmissionWorld;

namespace SmsCallback.Application.UnitTests.Callbacks;

/// <summary>Each origin, for each kind of refusal of the one admission: the origin's own answer, and no call saved, dispatched or bridged.
/// Each origin also has a control case that is admitted in the same world, so a refusal is never an accident of the set-up.</summary>
public sealed class OriginRefusalTests
{
    private const string NewNumber = "+48226543210";
    private readonly AdmissionWorld _w = new();

    public static TheoryData<RefusalReason> Reasons => [.. Enum.GetValues<RefusalReason>()];

    /// <summary>A callback in progress is not refused for the callbacks in progress when its customer dials a new number.</summary>
    public static TheoryData<RefusalReason> IvrReasons => [.. Enum.GetValues<RefusalReason>().Where(r => r != RefusalReason.TooManyCallbacks)];

    private async Task NothingPlacedAsync()
    {
        Assert.Empty(_w.Added); // no callback, so no CallbackRequested for dispatching to consume
        await _w.Switch.DidNotReceiveWithAnyArgs().BridgeNewLegAsync(default, default!, default, default);
    }

    private Task<SmsOutcome> SmsAsync(string text) =>
        _w.SmsExecutor.ExecuteAsync(InboundSms.Receive("twilio", "SM1", Phone, "+48500100200", text, _w.Clock.GetUtcNow(), _w.Clock.GetUtcNow()),
            Phone, CancellationToken.None);

    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task Sms_replies_with_the_refusals_text(RefusalReason reason)
    {
        _w.Arrange(reason, Destination);

        var outcome = await SmsAsync("D.48774417880");

        Assert.Equal(TestTexts.English.For(new CallbackRefusal(reason, _w.Account, CallbackOrigin.Sms, Destination)), outcome.Reply);
        Assert.Null(outcome.Callback);
        await NothingPlacedAsync();
    }

    [Fact]
    public async Task Sms_control_is_admitted()
    {
        var outcome = await SmsAsync("D.48774417880");
        Assert.Equal(TestTexts.English.Calling(Phone, Destination), outcome.Reply);
        Assert.Same(Assert.Single(_w.Added), outcome.Callback);
    }

    private Task<Result<Guid>> WebAsync(string? source = null) =>
        TestPipeline.RunAsync(_w.Web, new RequestCallbackCommand(_w.Account.Id, Destination, null, null, source), _w.UnitOfWork).AsTask();

    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task Web_answers_402_for_money_409_for_too_many_calls_and_403_for_the_rest(RefusalReason reason)
    {
        _w.Arrange(reason, Destination);

        var error = (await WebAsync()).Error;

        var expected = reason switch
        {
            RefusalReason.InsufficientCredit or RefusalReason.DailyCapReached => ErrorKind.PaymentRequired,
            RefusalReason.TooManyRequests or RefusalReason.TooManyCallbacks => ErrorKind.Conflict,
            _ => ErrorKind.Forbidden,
        };
        Assert.Equal((expected, TestTexts.English.For(new CallbackRefusal(reason, _w.Account, CallbackOrigin.Web, Destination))), (error?.Kind, error?.Message));
        await NothingPlacedAsync();
    }

    [Fact]
    public async Task Web_control_is_admitted_and_a_source_that_is_not_the_accounts_is_invalid_input()
    {
        var foreign = await WebAsync(source: "+48501234567");
        Assert.Equal((ErrorKind.Invalid, "source"), (foreign.Error?.Kind, foreign.Error?.Field));
        await NothingPlacedAsync();

        var admitted = await WebAsync(source: "600316058");
        Assert.Equal(Assert.Single(_w.Added).Id, admitted.Value);
        await RungAfterItsCommitAsync(_w.Added[0]);
    }

    private Task AniAsync() => TestPipeline.RunAsync(_w.Ani, new HandleIncomingCallCommand("in-1", Phone, "+48500100200"), _w.UnitOfWork).AsTask();

    [Theory]
    [MemberData(nameof(Reasons))]
    public async Task Ani_rejects_the_call_and_does_not_ring_back(RefusalReason reason)
    {
        _w.Arrange(reason, Phone); // ANI rings the caller back: leg A is the caller's own number

        await AniAsync();

        await _w.Switch.Received(1).RejectIncomingAsync("in-1", Arg.Any<CancellationToken>());
        await NothingPlacedAsync();
    }

    [Fact]
    public async Task Ani_control_rings_back()
    {
        await AniAsync();
        var callback = Assert.Single(_w.Added);
        Assert.Equal((CallbackOrigin.Ani, Phone, null), (callback.Origin, callback.Source, callback.Destination));
        await RungAfterItsCommitAsync(callback);
    }

    /// <summary>Admitted and due at once: handed over in the commit that saves it, the switch asked after it, no event left to consume.</summary>
    private async Task RungAfterItsCommitAsync(Domain.Callbacks.Callback callback)
    {
        Assert.Equal(CallbackState.DialingSource, callback.State);
        Assert.DoesNotContain(new CallbackRequested(callback.Id), callback.PendingEvents());
        await _w.Switch.Received(1).OriginateAsync(Arg.Is<SmsCallback.Application.Common.Interfaces.OriginateCallback>(o => o.CallbackId == callback.Id), Arg.Any<CancellationToken>());
    }

    private async Task<IvrCallResult> IvrAsync(Guid callbackId) =>
        await TestPipeline.RunAsync(_w.Ivr, new PlaceIvrCallCommand(callbackId, "48226543210"), _w.UnitOfWork);

    [Theory]
    [MemberData(nameof(IvrReasons))]
    public async Task Ivr_plays_the_no_credit_prompt_for_money_and_the_invalid_number_prompt_for_the_rest(RefusalReason reason)
    {
        var callback = await _w.AtThePromptAsync();
        _w.Arrange(reason, NewNumber);

        var result = await IvrAsync(callback.Id);

        var expected = reason is RefusalReason.InsufficientCredit or RefusalReason.DailyCapReached ? IvrCallOutcome.InsufficientCredit : IvrCallOutcome.Refused;
        Assert.Equal((expected, reason), (result.Outcome, result.Refusal?.Reason));
        await NothingPlacedAsync();
    }

    [Fact]
    public async Task Ivr_control_bridges_the_new_number()
    {
        var callback = await _w.AtThePromptAsync();

        var result = await IvrAsync(callback.Id);

        Assert.Equal(IvrCallOutcome.Placed, result.Outcome);
        await _w.Switch.Received(1).BridgeNewLegAsync(callback.Id, NewNumber, TimeSpan.FromSeconds(result.MaxSeconds!.Value), Arg.Any<CancellationToken>());
    }
}
