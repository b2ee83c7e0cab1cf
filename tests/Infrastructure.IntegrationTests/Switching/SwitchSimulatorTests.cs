using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Infrastructure.Switching.Simulator;

namespace SmsCallback.Infrastructure.IntegrationTests.Switching;

public sealed class SwitchSimulatorTests : IDisposable
{
    private readonly SwitchSimulator _simulator = new(Options.Create(new SimulatorOptions
    {
        Mode = SimulatorMode.Manual, AutoAnswerAfterMs = 20, HangupAfterMs = 20, PromptMs = 10,
    }), TimeProvider.System);

    public void Dispose() => _simulator.Dispose();

    private async Task<List<SwitchEvent>> EventsAsync(int count)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var events = new List<SwitchEvent>();
        await foreach (var e in _simulator.ReadEventsAsync(cts.Token))
        {
            events.Add(e);
            if (events.Count == count) break;
        }
        return events;
    }

    [Fact]
    public async Task The_maximum_call_time_ends_a_connected_call_in_any_mode()
    {
        var id = Guid.NewGuid();
        await _simulator.OriginateAsync(new OriginateCallback(id, "+48600316058", "+48774417880", null, TimeSpan.FromMilliseconds(150)), default);
        _simulator.Answer(_simulator.Calls().Single(c => c.Leg == LegKind.A).CallId);
        _simulator.Answer(_simulator.Calls().Single(c => c.Leg == LegKind.B).CallId);

        var events = await EventsAsync(8); // dialing, ringing, answered for each leg, then both hung up
        Assert.Equal([SwitchEventType.HungUp, SwitchEventType.HungUp], events.Skip(6).Select(e => e.Type));
        Assert.All(_simulator.Calls(), c => Assert.Equal(SimulatedCallState.Ended, c.State));
    }

    [Fact]
    public async Task Ended_calls_stay_listed_for_a_minute_and_only_the_newest_ones_so_memory_does_not_grow_with_the_traffic()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var simulator = new SwitchSimulator(Options.Create(new SimulatorOptions { Mode = SimulatorMode.Manual, EndedCallsKept = 3 }), clock);
        async Task<string> RingAsync(string number)
        {
            await simulator.OriginateAsync(new OriginateCallback(Guid.NewGuid(), number, "+48774417880", null, null), default);
            return simulator.Calls().Single(c => c.Number == number && c.State == SimulatedCallState.Ringing).CallId;
        }

        var live = await RingAsync("+48600000099");
        foreach (var n in Enumerable.Range(1, 5)) Assert.True(simulator.Busy(await RingAsync($"+4860000000{n}")));

        Assert.Equal(["+48600000003", "+48600000004", "+48600000005", "+48600000099"], simulator.Calls().Select(c => c.Number).Order());
        Assert.Equal(SimulatedCallState.Ringing, simulator.Calls().Single(c => c.CallId == live).State);

        clock.Advance(TimeSpan.FromSeconds(61));
        Assert.True(simulator.Busy(await RingAsync("+48600000006")));
        Assert.Equal(["+48600000006", "+48600000099"], simulator.Calls().Select(c => c.Number).Order());
    }

    [Theory]
    [InlineData(SimulatedOutcome.Busy, HangupCause.UserBusy)]
    [InlineData(SimulatedOutcome.NoAnswer, HangupCause.NoAnswer)]
    [InlineData(SimulatedOutcome.Reject, HangupCause.CallRejected)]
    public async Task A_rule_scripts_what_a_number_does(SimulatedOutcome outcome, int cause)
    {
        _simulator.SetRule(new SimulatorRule("+48600316058", outcome, 10, null));
        await _simulator.OriginateAsync(new OriginateCallback(Guid.NewGuid(), "+48600316058", "+48774417880", null, null), default);

        var events = await EventsAsync(3);
        Assert.Equal(SwitchEventType.HungUp, events[2].Type);
        Assert.Equal(cause, events[2].Cause);
    }

    [Fact]
    public async Task B_hanging_up_alone_leaves_A_up_for_a_new_leg()
    {
        var id = Guid.NewGuid();
        _simulator.SetRule(new SimulatorRule("+48774417880", SimulatedOutcome.Answer, 10, 30));
        _simulator.SetRule(new SimulatorRule("+48600316058", SimulatedOutcome.Answer, 10, null));
        await _simulator.OriginateAsync(new OriginateCallback(id, "+48600316058", "+48774417880", null, null), default);
        await EventsAsync(7); // ... B answered, B hung up

        Assert.Equal(SimulatedCallState.Answered, _simulator.Calls().Single(c => c.Leg == LegKind.A).State);
        await _simulator.BridgeNewLegAsync(id, "+48226543210", null, default);
        var next = await EventsAsync(2);
        Assert.Equal(("+48226543210", SwitchEventType.Dialing), (next[0].Number, next[0].Type));
        Assert.True(_simulator.SendDtmf(_simulator.Calls().Single(c => c.Leg == LegKind.A).CallId, "1#"));
        var keys = await EventsAsync(2);
        Assert.Contains(keys, e => e.Type == SwitchEventType.Dtmf && e.Digits == "#");
    }

    [Fact]
    public async Task An_incoming_call_is_reported_unanswered_and_can_be_rejected()
    {
        var call = _simulator.Incoming("+48600316058", "+48500100200");

        var incoming = Assert.Single(await EventsAsync(1));
        Assert.Equal((SwitchEventType.IncomingCall, "+48600316058", "+48500100200"), (incoming.Type, incoming.Number, incoming.CalledNumber));
        Assert.False(_simulator.Answer(call.CallId)); // the platform never answers it

        await _simulator.RejectIncomingAsync(call.CallId, default);
        Assert.Equal(HangupCause.CallRejected, (await EventsAsync(1))[0].Cause);
    }
}
