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

    /// <summary>In Auto mode the customer (leg A) hangs up this long after leg B answered, ending both legs.</summary>
    public int HangupAfterMs { get; set; } = 5000;

    /// <summary>How long a prompt "plays" before PlaybackFinished.</summary>
    public int PromptMs { get; set; } = 50;

    /// <summary>Ended calls stay listed for a minute, this many at most (the newest): under load a minute of calls is tens of
    /// thousands, and the simulator's memory must not grow with the traffic.</summary>
    public int EndedCallsKept { get; set; } = 1000;
}

public enum SimulatedOutcome { Answer, Busy, NoAnswer, Reject }

/// <summary>What the simulator does when it dials <paramref name="Number"/>, whatever the mode. A null delay takes the mode's default;
/// <paramref name="HangupAfterMs"/> counts from the answer. <paramref name="IgnoresMaxTime"/>: a faulty switch that lets a call to this number
/// outlive its maximum time (for the platform's watchdog to cut).</summary>
public sealed record SimulatorRule(string Number, SimulatedOutcome Outcome, int? AnswerAfterMs, int? HangupAfterMs, bool IgnoresMaxTime = false);

public enum SimulatedCallState { Ringing, Answered, Ended }

/// <summary>One leg the simulator dialled. <paramref name="CallerId"/>: the caller ID it showed (null: the switch's default).
/// <paramref name="Language"/>: the language its prompts were played in (null until one was).</summary>
public sealed record SimulatedCall(string CallId, Guid CallbackId, LegKind Leg, string Number, SimulatedCallState State, int? HangupCause,
    bool Incoming = false, string? CalledNumber = null, IReadOnlyList<string>? Played = null, string? CallerId = null, string? Language = null);

/// <summary>The built-in switch: rings nobody, reports what a real switch would. Per-number rules script outcomes (busy, no answer,
/// answer after N ms, hang up after N ms); without a rule, Auto mode answers and ends calls by itself and Manual mode waits for an admin
/// (or a test) to answer, reject, hang up or press keys through the admin API. The maximum call time is enforced in every mode.</summary>
public sealed class SwitchSimulator(IOptions<SimulatorOptions> options, TimeProvider clock) : ISwitch, IDisposable
{
    private readonly Channel<SwitchEvent> _events = Channel.CreateUnbounded<SwitchEvent>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<string, Call> _calls = new();
    private readonly ConcurrentDictionary<Guid, Session> _sessions = new();
    private readonly ConcurrentDictionary<string, SimulatorRule> _rules = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<Ended> _ended = new(); // calls and sessions that ended, oldest first, until they are forgotten
    private long _nextId;

    /// <summary>A call (<paramref name="CallId"/>) or a session (<paramref name="CallbackId"/>) that ended at <paramref name="At"/>.</summary>
    private readonly record struct Ended(string? CallId, Guid CallbackId, DateTimeOffset At);

    private sealed class Call(string id, Guid callbackId, LegKind leg, string number)
    {
        public string Id { get; } = id;
        public Guid CallbackId { get; } = callbackId;
        public LegKind Leg { get; } = leg;
        public string Number { get; } = number;
        public SimulatedCallState State { get; set; } = SimulatedCallState.Ringing;
        public int? Cause { get; set; }
        public bool Incoming { get; init; }
        public string? CalledNumber { get; init; }
        public string? CallerId { get; init; }
        public string? Language { get; set; }

        /// <summary>What this leg heard, in order (prompts, numbers read out); null until the first prompt, as most legs hear none.</summary>
        private List<string>? _played;

        public void Play(string prompt)
        {
            lock (this) (_played ??= []).Add(prompt);
        }

        public string[] Played()
        {
            lock (this) return _played is null ? [] : [.. _played];
        }
    }

    /// <summary>One callback on the switch: its legs, the destination still to dial, and its time limit.</summary>
    private sealed class Session(Guid callbackId)
    {
        public Guid CallbackId { get; } = callbackId;
        public string? PendingDestination { get; set; }
        public TimeSpan? MaxDuration { get; set; }
        public string? ACallId { get; set; }
        public string? BCallId { get; set; }
        public string? CallerIdA { get; set; }
        public string? CallerIdB { get; set; }

        /// <summary>The maximum call time's cut, once leg B answered; stopped when the session ends first.</summary>
        public ITimer? Limit { get; set; }
    }

    public SwitchCapabilities Capabilities { get; } = new(ReportsCallProgress: true, CanControlLegs: true);

    public Task OriginateAsync(OriginateCallback request, CancellationToken ct)
    {
        var session = _sessions.GetOrAdd(request.CallbackId, id => new Session(id));
        session.PendingDestination = request.Destination;
        session.MaxDuration = request.MaxDuration;
        (session.CallerIdA, session.CallerIdB) = (request.CallerId, request.DestinationCallerId);
        session.ACallId = Dial(session, LegKind.A, request.Source);
        return Task.CompletedTask;
    }

    public Task BridgeNewLegAsync(Guid callbackId, string destination, TimeSpan? maxDuration, CancellationToken ct)
    {
        if (!_sessions.TryGetValue(callbackId, out var session) || session.ACallId is null || StateOf(session.ACallId) != SimulatedCallState.Answered)
            throw new SwitchUnavailableException("Leg A of this callback is not up.");
        session.MaxDuration = maxDuration;
        session.BCallId = Dial(session, LegKind.B, destination);
        return Task.CompletedTask;
    }

    public Task HangupLegAsync(Guid callbackId, LegKind leg, CancellationToken ct)
    {
        if (_sessions.TryGetValue(callbackId, out var session) && (leg == LegKind.A ? session.ACallId : session.BCallId) is { } callId)
            End(callId, HangupCause.NormalClearing, alone: leg == LegKind.B);
        return Task.CompletedTask;
    }

    public Task HangupAsync(Guid callbackId, CancellationToken ct)
    {
        foreach (var call in _calls.Values.Where(c => c.CallbackId == callbackId)) End(call.Id, HangupCause.NormalClearing, alone: false);
        return Task.CompletedTask;
    }

    public Task PlayAsync(Guid callbackId, string prompt, string language, CancellationToken ct)
    {
        if (_sessions.TryGetValue(callbackId, out var session) && session.ACallId is { } a && _calls.TryGetValue(a, out var call))
        {
            call.Language = language;
            call.Play(prompt);
            Later(options.Value.PromptMs, () => Publish(call, SwitchEventType.PlaybackFinished, null, digits: prompt));
        }
        return Task.CompletedTask;
    }

    public Task RejectIncomingAsync(string switchCallId, CancellationToken ct)
    {
        End(switchCallId, HangupCause.CallRejected, alone: true);
        return Task.CompletedTask;
    }

    public IAsyncEnumerable<SwitchEvent> ReadEventsAsync(CancellationToken ct) => _events.Reader.ReadAllAsync(ct);

    public IReadOnlyList<SimulatedCall> Calls() =>
        [.. _calls.Values.OrderBy(c => c.Id.Length).ThenBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => new SimulatedCall(c.Id, c.CallbackId, c.Leg, c.Number, c.State, c.Cause, c.Incoming, c.CalledNumber, c.Played(),
                c.CallerId, c.Language))];

    public IReadOnlyList<SimulatorRule> Rules() => [.. _rules.Values.OrderBy(r => r.Number, StringComparer.Ordinal)];

    public void SetRule(SimulatorRule rule) => _rules[rule.Number] = rule;

    public bool RemoveRule(string number) => _rules.TryRemove(number, out _);

    /// <returns>false when there is no such ringing call.</returns>
    public bool Answer(string callId)
    {
        if (!_calls.TryGetValue(callId, out var call) || call.Incoming) return false;
        lock (call)
        {
            if (call.State != SimulatedCallState.Ringing) return false;
            call.State = SimulatedCallState.Answered;
        }
        var answeredAt = clock.GetUtcNow();
        Publish(call, SwitchEventType.Answered, null, at: answeredAt);
        var session = _sessions[call.CallbackId];

        if (call.Leg == LegKind.A && session.PendingDestination is { } destination)
        {
            session.PendingDestination = null;
            session.BCallId = Dial(session, LegKind.B, destination);
        }
        else if (call.Leg == LegKind.B)
        {
            // A rule's hang-up is the destination's (leg A stays, as for the IVR); Auto mode's is the customer's (both legs end).
            if (RuleFor(call.Number)?.HangupAfterMs is { } ruleMs) Later(ruleMs, () => End(call.Id, HangupCause.NormalClearing, alone: true));
            else if (options.Value.Mode == SimulatorMode.Auto && session.ACallId is { } a)
                Later(options.Value.HangupAfterMs, () => End(a, HangupCause.NormalClearing, alone: false));
            // Like a real switch, the cut comes exactly at the limit, even when this process's timer fires late.
            if (session.MaxDuration is { } max && RuleFor(call.Number) is not { IgnoresMaxTime: true })
            {
                using (ExecutionContext.SuppressFlow())
                    session.Limit = clock.CreateTimer(_ => EndSession(session, answeredAt + max), null, max, Timeout.InfiniteTimeSpan);
            }
        }
        return true;
    }

    public bool Busy(string callId) => EndRinging(callId, HangupCause.UserBusy);

    public bool NoAnswer(string callId) => EndRinging(callId, HangupCause.NoAnswer);

    public bool Reject(string callId) => EndRinging(callId, HangupCause.CallRejected);

    /// <summary>Ends a leg normally. Leg A takes leg B with it; leg B alone leaves A up (the IVR can then prompt).</summary>
    public bool Hangup(string callId) => End(callId, HangupCause.NormalClearing, alone: _calls.TryGetValue(callId, out var c) && c.Leg == LegKind.B);

    /// <summary>Keys pressed on leg A (or any answered leg).</summary>
    public bool SendDtmf(string callId, string digits)
    {
        if (!_calls.TryGetValue(callId, out var call) || call.State != SimulatedCallState.Answered) return false;
        foreach (var digit in digits) Publish(call, SwitchEventType.Dtmf, null, digits: digit.ToString());
        return true;
    }

    /// <summary>A phone rings an access number; the call stays ringing (unanswered) until rejected or hung up.</summary>
    public SimulatedCall Incoming(string from, string to)
    {
        var call = new Call(NextId(), Guid.Empty, LegKind.A, from) { Incoming = true, CalledNumber = to };
        _calls[call.Id] = call;
        Publish(call, SwitchEventType.IncomingCall, null, calledNumber: to);
        return new SimulatedCall(call.Id, Guid.Empty, LegKind.A, from, call.State, null, true, to);
    }

    private bool EndRinging(string callId, int cause)
    {
        if (!_calls.TryGetValue(callId, out var call) || call.State != SimulatedCallState.Ringing) return false;
        return End(callId, cause, alone: call.Leg == LegKind.B);
    }

    private bool End(string callId, int cause, bool alone, DateTimeOffset? at = null)
    {
        if (!_calls.TryGetValue(callId, out var call)) return false;
        lock (call)
        {
            if (call.State == SimulatedCallState.Ended) return false;
            call.State = SimulatedCallState.Ended;
            call.Cause = cause;
        }
        Publish(call, SwitchEventType.HungUp, cause, at: at);
        Forget(new Ended(callId, call.CallbackId, clock.GetUtcNow()));
        if (!alone && _sessions.TryGetValue(call.CallbackId, out var session)) EndSession(session);
        return true;
    }

    private void EndSession(Session session, DateTimeOffset? at = null)
    {
        session.PendingDestination = null;
        if (session.BCallId is { } b) End(b, HangupCause.NormalClearing, alone: true, at);
        if (session.ACallId is { } a) End(a, HangupCause.NormalClearing, alone: true, at);
        session.Limit?.Dispose();
        Forget(new Ended(null, session.CallbackId, clock.GetUtcNow()));
    }

    /// <summary>Notes what just ended, and forgets what ended more than a minute ago or beyond <see cref="SimulatorOptions.EndedCallsKept"/>
    /// (calls and sessions each count): no timer per ended call.</summary>
    private void Forget(Ended ended)
    {
        _ended.Enqueue(ended);
        var oldest = ended.At - TimeSpan.FromMinutes(1);
        var kept = Math.Max(0, options.Value.EndedCallsKept) * 2;
        while (_ended.TryPeek(out var first) && (first.At < oldest || _ended.Count > kept) && _ended.TryDequeue(out first))
        {
            if (first.CallId is { } id) _calls.TryRemove(id, out _);
            else if (_sessions.TryGetValue(first.CallbackId, out var session) && session.ACallId is { } a && StateOf(a) is null or SimulatedCallState.Ended)
                _sessions.TryRemove(first.CallbackId, out _);
        }
    }

    private string Dial(Session session, LegKind leg, string number)
    {
        var call = new Call(NextId(), session.CallbackId, leg, number) { CallerId = leg == LegKind.A ? session.CallerIdA : session.CallerIdB };
        _calls[call.Id] = call;
        Publish(call, SwitchEventType.Dialing, null);
        Publish(call, SwitchEventType.Ringing, null);

        var rule = RuleFor(number);
        var answerAfter = rule?.AnswerAfterMs ?? options.Value.AutoAnswerAfterMs;
        switch (rule?.Outcome)
        {
            case SimulatedOutcome.Busy: Later(answerAfter, () => Busy(call.Id)); break;
            case SimulatedOutcome.NoAnswer: Later(answerAfter, () => NoAnswer(call.Id)); break;
            case SimulatedOutcome.Reject: Later(answerAfter, () => Reject(call.Id)); break;
            case SimulatedOutcome.Answer: Later(answerAfter, () => Answer(call.Id)); break;
            default:
                if (options.Value.Mode == SimulatorMode.Auto) Later(answerAfter, () => Answer(call.Id));
                break;
        }
        return call.Id;
    }

    private SimulatorRule? RuleFor(string number) => _rules.TryGetValue(number, out var rule) ? rule : null;

    private SimulatedCallState? StateOf(string callId) => _calls.TryGetValue(callId, out var c) ? c.State : null;

    private string NextId() => $"sim-{Interlocked.Increment(ref _nextId)}";

    private void Publish(Call call, SwitchEventType type, int? cause, string? digits = null, string? calledNumber = null, DateTimeOffset? at = null) =>
        _events.Writer.TryWrite(new SwitchEvent(call.CallbackId, call.Leg, type, call.Number, call.Id, cause, at ?? clock.GetUtcNow(), digits, calledNumber));

    /// <summary>Runs <paramref name="action"/> after the delay, without the caller's execution context: a timer that carried it would keep
    /// the caller's log scopes and trace alive until it fires.</summary>
    private void Later(int delayMs, Action action)
    {
        using (ExecutionContext.SuppressFlow())
            _ = Task.Delay(TimeSpan.FromMilliseconds(Math.Max(0, delayMs)), clock, _stopping.Token)
                .ContinueWith(_ => action(), _stopping.Token, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default);
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _events.Writer.TryComplete();
    }
}
