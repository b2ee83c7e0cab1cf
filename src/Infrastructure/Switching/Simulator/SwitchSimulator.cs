using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Infrastructure.Switching.Simulator;

public enum SimulatorMode { Auto, Manual }

public sealed class SimulatorOptions
{
    public const string Section = "Switch:Simulator";
    public SimulatorMode Mode { get; set; } = SimulatorMode.Auto;

    /// <summary>In Auto mode each leg is answered this long after it starts ringing.</summary>
    public int AutoAnswerAfterMs { get; set; } = 1000;

    /// <summary>In Auto mode a connected call is hung up this long after leg B answered.</summary>
    public int HangupAfterMs { get; set; } = 5000;
}

public enum SimulatedCallState { Ringing, Answered, Ended }

public sealed record SimulatedCall(string CallId, Guid CallbackId, LegKind Leg, string Number, SimulatedCallState State, int? HangupCause);

/// <summary>The built-in switch: rings nobody, reports what a real switch would. In Auto mode calls answer and end by themselves;
/// in Manual mode an admin (or a test) answers, rejects and hangs up each leg through the admin API.</summary>
public sealed class SwitchSimulator(IOptions<SimulatorOptions> options, TimeProvider clock) : ISwitch, IDisposable
{
    private readonly Channel<SwitchEvent> _events = Channel.CreateUnbounded<SwitchEvent>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, Call> _calls = new();
    private readonly ConcurrentDictionary<Guid, Pending> _pendingDestinations = new();
    private readonly CancellationTokenSource _stopping = new();
    private long _nextId;

    private sealed class Call(string id, Guid callbackId, LegKind leg, string number)
    {
        public string Id { get; } = id;
        public Guid CallbackId { get; } = callbackId;
        public LegKind Leg { get; } = leg;
        public string Number { get; } = number;
        public SimulatedCallState State { get; set; } = SimulatedCallState.Ringing;
        public int? Cause { get; set; }
    }

    private sealed record Pending(string Destination);

    public Task OriginateAsync(OriginateCallback request, CancellationToken ct)
    {
        _pendingDestinations[request.CallbackId] = new Pending(request.Destination);
        Dial(request.CallbackId, LegKind.A, request.Source);
        return Task.CompletedTask;
    }

    public Task HangupAsync(Guid callbackId, CancellationToken ct)
    {
        foreach (var call in _calls.Values.Where(c => c.CallbackId == callbackId)) Hangup(call.Id);
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<SwitchEvent> ReadEventsAsync(CancellationToken ct) => _events.Reader.ReadAllAsync(ct);

    public IReadOnlyList<SimulatedCall> Calls() =>
        [.. _calls.Values.OrderBy(c => c.Id, StringComparer.Ordinal).Select(c => new SimulatedCall(c.Id, c.CallbackId, c.Leg, c.Number, c.State, c.Cause))];

    /// <returns>false when there is no such ringing call.</returns>
    public bool Answer(string callId)
    {
        if (!_calls.TryGetValue(callId, out var call)) return false;
        lock (call)
        {
            if (call.State != SimulatedCallState.Ringing) return false;
            call.State = SimulatedCallState.Answered;
        }
        Publish(call, SwitchEventType.Answered, null);

        if (call.Leg == LegKind.A && _pendingDestinations.TryRemove(call.CallbackId, out var pending))
            Dial(call.CallbackId, LegKind.B, pending.Destination);
        else if (call.Leg == LegKind.B && options.Value.Mode == SimulatorMode.Auto)
            Later(options.Value.HangupAfterMs, () => Hangup(call.Id));
        return true;
    }

    public bool Busy(string callId) => EndRinging(callId, HangupCause.UserBusy);

    public bool NoAnswer(string callId) => EndRinging(callId, HangupCause.NoAnswer);

    /// <summary>Ends a leg normally; the other leg of a connected call ends with it.</summary>
    public bool Hangup(string callId)
    {
        if (!End(callId, HangupCause.NormalClearing)) return false;
        var call = _calls[callId];
        foreach (var other in _calls.Values.Where(c => c.CallbackId == call.CallbackId && c.Id != callId))
            End(other.Id, HangupCause.NormalClearing);
        _pendingDestinations.TryRemove(call.CallbackId, out _);
        return true;
    }

    private bool EndRinging(string callId, int cause)
    {
        if (!_calls.TryGetValue(callId, out var call) || call.State != SimulatedCallState.Ringing) return false;
        if (!End(callId, cause)) return false;
        if (call.Leg == LegKind.B) // the source is told and hung up too
            foreach (var a in _calls.Values.Where(c => c.CallbackId == call.CallbackId && c.Leg == LegKind.A)) End(a.Id, HangupCause.NormalClearing);
        _pendingDestinations.TryRemove(call.CallbackId, out _);
        return true;
    }

    private bool End(string callId, int cause)
    {
        if (!_calls.TryGetValue(callId, out var call)) return false;
        lock (call)
        {
            if (call.State == SimulatedCallState.Ended) return false;
            call.State = SimulatedCallState.Ended;
            call.Cause = cause;
        }
        Publish(call, SwitchEventType.HungUp, cause);
        Later(60_000, () => _calls.TryRemove(callId, out _)); // ended calls stay visible for a minute
        return true;
    }

    private void Dial(Guid callbackId, LegKind leg, string number)
    {
        var call = new Call($"sim-{Interlocked.Increment(ref _nextId)}", callbackId, leg, number);
        _calls[call.Id] = call;
        Publish(call, SwitchEventType.Dialing, null);
        Publish(call, SwitchEventType.Ringing, null);
        if (options.Value.Mode == SimulatorMode.Auto) Later(options.Value.AutoAnswerAfterMs, () => Answer(call.Id));
    }

    private void Publish(Call call, SwitchEventType type, int? cause) =>
        _events.Writer.TryWrite(new SwitchEvent(call.CallbackId, call.Leg, type, call.Number, call.Id, cause, clock.GetUtcNow()));

    private void Later(int delayMs, Action action) =>
        _ = Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, delayMs)), clock, _stopping.Token)
            .ContinueWith(_ => action(), _stopping.Token, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);

    public void Dispose()
    {
        _stopping.Cancel();
        _events.Writer.TryComplete();
    }
}
