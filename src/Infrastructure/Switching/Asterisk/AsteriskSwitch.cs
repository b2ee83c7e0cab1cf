using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Infrastructure.Switching.Asterisk;

/// <summary>The switch port on Asterisk ARI. Leg A is originated into our Stasis application; when it answers (StasisStart) a mixing bridge
/// with DTMF events is created, A is added and leg B is originated; when B answers it joins the bridge and the maximum call time starts
/// (our own timer, which hangs up both legs). Leg A ending takes B with it; B ending alone leaves A up for the application to decide.
/// Incoming calls (a StasisStart of a channel we did not originate) are reported, never answered.
/// The reactions run while the events are read (<see cref="ReadEventsAsync"/>), so they happen in the instance that holds the event connection;
/// what they need travels in the channel ids and <c>appArgs</c>, not only in this process's memory.</summary>
public sealed partial class AsteriskSwitch(AriClient ari, AriEventStream stream, IOptions<AsteriskOptions> options, TimeProvider clock,
    ILogger<AsteriskSwitch> logger) : ISwitch, IDisposable
{
    private readonly Channel<SwitchEvent> _events = Channel.CreateUnbounded<SwitchEvent>(new() { SingleReader = true });
    private readonly ConcurrentDictionary<Guid, AriSession> _sessions = new();
    private readonly ConcurrentDictionary<string, AriLeg> _incoming = new();
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _pumpLock = new();
    private Task? _pump;
    private int _disposed;

    private static readonly TimeSpan StaleAfter = TimeSpan.FromHours(12);

    public SwitchCapabilities Capabilities { get; } = new(ReportsCallProgress: true, CanControlLegs: true);

    public async Task OriginateAsync(OriginateCallback request, CancellationToken ct)
    {
        ForgetStaleSessions();
        var session = _sessions.GetOrAdd(request.CallbackId, NewSession);
        AriLeg leg;
        lock (session)
        {
            session.PendingDestination = request.Destination;
            session.MaxDuration = request.MaxDuration;
            session.CallerId = request.CallerId ?? options.Value.CallerId;
            session.CallerIdB = request.DestinationCallerId ?? options.Value.CallerId;
            leg = session.Add(LegKind.A, request.Source);
        }
        await DialAsync(session, leg,
            new AriAppArgs(request.Source, request.Destination, Seconds(request.MaxDuration), session.CallerId, session.CallerIdB), ct);
    }

    public async Task BridgeNewLegAsync(Guid callbackId, string destination, TimeSpan? maxDuration, CancellationToken ct)
    {
        if (!_sessions.TryGetValue(callbackId, out var session)) throw new SwitchUnavailableException("Leg A of this callback is not up.");
        AriLeg leg;
        lock (session)
        {
            if (session.A is not { Answered: true, Ended: false }) throw new SwitchUnavailableException("Leg A of this callback is not up.");
            session.MaxDuration = maxDuration;
            leg = session.Add(LegKind.B, destination);
        }
        await DialAsync(session, leg, new AriAppArgs(destination, null, Seconds(maxDuration), null), ct);
    }

    public async Task HangupLegAsync(Guid callbackId, LegKind leg, CancellationToken ct)
    {
        if (_sessions.TryGetValue(callbackId, out var session))
        {
            string? channelId;
            lock (session)
            {
                if (leg == LegKind.B) session.StopTimer();
                channelId = (leg == LegKind.A ? session.A : session.B) is { Ended: false } l ? l.ChannelId : null;
            }
            if (channelId is not null) await ari.HangupAsync(channelId, "normal", ct);
        }
        else if (leg == LegKind.A)
        {
            await ari.HangupAsync(AriChannelIds.For(callbackId, LegKind.A), "normal", ct); // dialled elsewhere, but its id is known
        }
    }

    public async Task HangupAsync(Guid callbackId, CancellationToken ct)
    {
        if (!_sessions.TryGetValue(callbackId, out var session))
        {
            await ari.HangupAsync(AriChannelIds.For(callbackId, LegKind.A), "normal", ct);
            return;
        }
        string[] channels;
        lock (session)
        {
            session.PendingDestination = null;
            session.StopTimer();
            channels = [.. session.LiveLegs.OrderByDescending(l => l.Kind).Select(l => l.ChannelId)]; // B first: A's end would take it anyway
        }
        foreach (var channel in channels) await ari.HangupAsync(channel, "normal", ct);
    }

    public async Task PlayAsync(Guid callbackId, string prompt, string language, CancellationToken ct)
    {
        if (!_sessions.TryGetValue(callbackId, out var session)) return;
        var playbackId = Guid.NewGuid().ToString("N");
        AriLeg? a;
        lock (session)
        {
            a = session.A is { Ended: false } live ? live : null;
            a?.Prompts.Add(playbackId, prompt);
        }
        if (a is null) return;

        var media = prompt.Contains(':', StringComparison.Ordinal) ? prompt : "sound:" + prompt;
        try
        {
            await ari.PlayAsync(a.ChannelId, media, playbackId, language, ct);
        }
        catch
        {
            lock (session) a.Prompts.Remove(playbackId);
            throw;
        }
    }

    /// <summary>Hangs the unanswered call up with "rejected" (cause 21); the caller pays nothing.</summary>
    public Task RejectIncomingAsync(string switchCallId, CancellationToken ct) => ari.HangupAsync(switchCallId, "rejected", ct);

    /// <summary>Starts reading the ARI WebSocket (once; again after the previous reader stopped) and returns the events in order.</summary>
    public IAsyncEnumerable<SwitchEvent> ReadEventsAsync(CancellationToken ct)
    {
        lock (_pumpLock)
        {
            if (_pump is null || _pump.IsCompleted) _pump = Task.Run(() => PumpAsync(ct), CancellationToken.None);
        }
        return _events.Reader.ReadAllAsync(ct);
    }

    private async Task PumpAsync(CancellationToken ct)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _stopping.Token);
        while (!linked.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in stream.ReadAsync(linked.Token))
                {
                    try
                    {
                        await HandleAsync(e, linked.Token);
                    }
                    catch (Exception ex) when (ex is not OperationCanceledException || !linked.IsCancellationRequested)
                    {
                        LogEventFailed(ex, e.Type, e.Channel?.Id);
                    }
                }
            }
            catch (OperationCanceledException) when (linked.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogStreamFailed(ex); // never leave the switch without its events
                try
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(options.Value.ReconnectDelayMs), clock, linked.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private Task HandleAsync(AriEvent e, CancellationToken ct)
    {
        switch (e.Type)
        {
            case AriEvent.Connected:
                return CatchUpAsync(ct);
            case "StasisStart" when e.Channel is { } channel:
                return OnStasisStartAsync(channel, e.Args, ct);
            case "ChannelStateChange" when e.Channel is { } channel:
                OnStateChange(channel);
                break;
            case "ChannelDtmfReceived" when e.Channel is { } channel && !string.IsNullOrEmpty(e.Digit):
                if (TryFindKnownLeg(channel.Id, out var session, out var leg))
                    lock (session) Publish(session, leg, SwitchEventType.Dtmf, digits: e.Digit);
                break;
            case "Dial" when e.Peer is { } peer && !string.IsNullOrEmpty(e.Dialstatus):
                if (TryFindKnownLeg(peer.Id, out var dialled, out var dialledLeg))
                    lock (dialled) dialledLeg.DialStatus = e.Dialstatus;
                break;
            case "ChannelDestroyed" when e.Channel is { } channel:
                return OnDestroyedAsync(channel, e.Cause, ct);
            case "PlaybackFinished" when e.Playback is { } playback:
                OnPlaybackFinished(playback);
                break;
        }
        return Task.CompletedTask;
    }

    /// <summary>After a (re)connection: a leg we dialled (or an incoming call) whose channel Asterisk no longer has ended while no events
    /// reached us. Its cause was lost with the event; it is reported as normal clearing, and leg A's end takes its callback down as usual.</summary>
    private async Task CatchUpAsync(CancellationToken ct)
    {
        List<AriLeg> tracked = [];
        foreach (var session in _sessions.Values)
            lock (session) tracked.AddRange(session.LiveLegs.Where(l => l.DialingReported));
        if (tracked.Count == 0 && _incoming.IsEmpty) return;

        var present = await ari.ListChannelIdsAsync(ct);
        foreach (var incoming in _incoming.Keys.Where(c => !present.Contains(c)))
            await OnDestroyedAsync(new AriChannel(incoming), HangupCause.NormalClearing, ct);
        foreach (var leg in tracked.Where(l => !present.Contains(l.ChannelId)).OrderByDescending(l => l.Kind))
        {
            LogEndedWhileAway(leg.ChannelId);
            await OnDestroyedAsync(new AriChannel(leg.ChannelId), HangupCause.NormalClearing, ct);
        }
    }

    /// <summary>An originated channel answered (it enters Stasis on answer), or a call to an access number arrived.</summary>
    private async Task OnStasisStartAsync(AriChannel channel, IReadOnlyList<string>? args, CancellationToken ct)
    {
        if (!TryFindLeg(channel, args, out var session, out var leg))
        {
            var caller = new AriLeg(channel.Id, LegKind.A, channel.Caller?.Number ?? "");
            if (!_incoming.TryAdd(channel.Id, caller)) return;
            _events.Writer.TryWrite(new SwitchEvent(Guid.Empty, LegKind.A, SwitchEventType.IncomingCall, caller.Number, channel.Id, null,
                clock.GetUtcNow(), CalledNumber: channel.Dialplan?.Exten));
            return;
        }

        string? destination = null;
        bool orphan;
        lock (session)
        {
            if (leg.Ended) return;
            ReportAnswered(session, leg);
            if (leg.Kind == LegKind.A)
            {
                destination = session.PendingDestination;
                session.PendingDestination = null;
            }
            orphan = leg.Kind == LegKind.B && session.A is { Ended: true };
            if (leg.Kind == LegKind.B && !orphan)
            {
                session.StopTimer(); // the maximum call time counts from B's answer
                if (session.MaxDuration is { } max)
                    session.MaxTimeTimer = clock.CreateTimer(_ => _ = OnMaxTimeAsync(session.CallbackId), null, max, Timeout.InfiniteTimeSpan);
            }
        }
        if (orphan)
        {
            await ari.HangupAsync(leg.ChannelId, "normal", ct); // A hung up while B was ringing
            return;
        }

        try
        {
            await EnsureBridgeAsync(session, ct);
            await ari.AddChannelAsync(session.BridgeId, leg.ChannelId, ct);
        }
        catch (SwitchUnavailableException ex)
        {
            LogBridgeFailed(ex, session.CallbackId);
            await HangupAsync(session.CallbackId, ct); // a call that cannot be bridged is of no use to anyone
            return;
        }

        if (leg.Kind == LegKind.A && destination is not null)
        {
            AriLeg b;
            lock (session) b = session.Add(LegKind.B, destination);
            try
            {
                await DialAsync(session, b, new AriAppArgs(destination, null, Seconds(session.MaxDuration), null), ct);
            }
            catch (SwitchUnavailableException)
            {
                lock (session) // reported as a leg that could not get through: the application fails the callback and hangs A up
                {
                    session.Track(b);
                    ReportDialing(session, b);
                    b.Ended = true;
                    Publish(session, b, SwitchEventType.HungUp, HangupCause.Congestion);
                }
            }
        }
    }

    private void OnStateChange(AriChannel channel)
    {
        if (!TryFindLeg(channel, null, out var session, out var leg)) return;
        lock (session)
        {
            if (leg.Ended) return;
            switch (channel.State)
            {
                case "Ringing" or "Ring" when !leg.RingingReported && !leg.Answered:
                    ReportDialing(session, leg);
                    leg.RingingReported = true;
                    Publish(session, leg, SwitchEventType.Ringing);
                    break;
                case "Up":
                    ReportAnswered(session, leg);
                    break;
            }
        }
    }

    private async Task OnDestroyedAsync(AriChannel channel, int? channelCause, CancellationToken ct)
    {
        if (_incoming.TryRemove(channel.Id, out var caller))
        {
            _events.Writer.TryWrite(new SwitchEvent(Guid.Empty, LegKind.A, SwitchEventType.HungUp, caller.Number, channel.Id,
                channelCause is > 0 ? channelCause.Value : HangupCause.NormalClearing, clock.GetUtcNow()));
            return;
        }
        if (!TryFindLeg(channel, null, out var session, out var leg)) return;

        string[] takeDown = [];
        bool destroyBridge = false, finished;
        lock (session)
        {
            if (leg.Ended) return;
            ReportDialing(session, leg);
            leg.Ended = true;
            Publish(session, leg, SwitchEventType.HungUp, CauseOf(leg, channelCause));
            if (leg.Kind == LegKind.A)
            {
                session.PendingDestination = null;
                session.StopTimer();
                takeDown = [.. session.LiveLegs.Select(l => l.ChannelId)];
                destroyBridge = session.BridgeCreated;
                session.BridgeCreated = false;
            }
            else if (leg == session.B)
            {
                session.StopTimer();
            }
            finished = session.Finished;
        }
        if (finished) _sessions.TryRemove(session.CallbackId, out _);

        try
        {
            foreach (var channelId in takeDown) await ari.HangupAsync(channelId, "normal", ct);
        }
        finally
        {
            if (destroyBridge) await ari.DestroyBridgeAsync(session.BridgeId, ct);
        }
    }

    /// <summary>Why a leg ended. A specific Q.850 cause on the channel itself is taken as it is (a PJSIP leg refused with 486 ends with 17).
    /// A Local channel that was never answered ends with 0 or 16 whatever happened at the far end; what happened is in the <c>Dial</c>
    /// events' <c>dialstatus</c> for our channel (BUSY, NOANSWER, CONGESTION, CHANUNAVAIL), which Asterisk sends for every originated
    /// channel, Local or PJSIP.</summary>
    private static int CauseOf(AriLeg leg, int? channelCause)
    {
        if (channelCause is > 0 and not HangupCause.NormalClearing) return channelCause.Value;
        if (!leg.Answered)
        {
            switch (leg.DialStatus)
            {
                case "BUSY": return HangupCause.UserBusy;
                case "NOANSWER": return HangupCause.NoAnswer;
                case "CONGESTION" or "CHANUNAVAIL": return HangupCause.Congestion;
            }
        }
        return HangupCause.NormalClearing;
    }

    private void OnPlaybackFinished(AriPlayback playback)
    {
        const string prefix = "channel:";
        if (playback.TargetUri is not { } target || !target.StartsWith(prefix, StringComparison.Ordinal)) return;
        if (!TryFindKnownLeg(target[prefix.Length..], out var session, out var leg)) return;
        lock (session)
        {
            leg.Prompts.Remove(playback.Id, out var prompt);
            Publish(session, leg, SwitchEventType.PlaybackFinished, digits: prompt ?? playback.MediaUri);
        }
    }

    /// <summary>An instance that originates but does not read the events never sees its callbacks end; what it remembers of them is
    /// dropped after <see cref="StaleAfter"/>, far beyond any call.</summary>
    private void ForgetStaleSessions()
    {
        var before = clock.GetUtcNow() - StaleAfter;
        foreach (var (id, session) in _sessions)
        {
            if (session.CreatedAt >= before) continue;
            lock (session) session.StopTimer();
            _sessions.TryRemove(id, out _);
        }
    }

    private async Task OnMaxTimeAsync(Guid callbackId)
    {
        LogMaxTime(callbackId);
        try
        {
            await HangupAsync(callbackId, _stopping.Token);
        }
        catch (Exception ex) when (ex is SwitchUnavailableException or OperationCanceledException)
        {
            LogHangupFailed(ex, callbackId);
        }
    }

    private async Task DialAsync(AriSession session, AriLeg leg, AriAppArgs args, CancellationToken ct)
    {
        var o = options.Value;
        try
        {
            var callerId = leg.Kind == LegKind.A ? session.CallerId : session.CallerIdB ?? session.CallerId;
            await ari.OriginateAsync(new AriOriginate(leg.ChannelId, o.EndpointFor(leg.Number), o.Application, args.Format(), callerId,
                o.OriginateTimeoutSeconds), ct);
        }
        catch
        {
            bool empty;
            lock (session)
            {
                session.Remove(leg);
                empty = session.A is null;
            }
            if (empty) _sessions.TryRemove(session.CallbackId, out _);
            throw;
        }
        lock (session) ReportDialing(session, leg);
    }

    private async Task EnsureBridgeAsync(AriSession session, CancellationToken ct)
    {
        lock (session)
        {
            if (session.BridgeCreated) return;
        }
        await ari.CreateBridgeAsync(session.BridgeId, ct);
        lock (session) session.BridgeCreated = true;
    }

    /// <summary>A leg this instance already tracks (late DTMF or playback events of a finished call are dropped).</summary>
    private bool TryFindKnownLeg(string channelId, out AriSession session, out AriLeg leg)
    {
        session = null!;
        leg = null!;
        if (!AriChannelIds.TryParse(channelId, out var callbackId, out _) || !_sessions.TryGetValue(callbackId, out var found)) return false;
        session = found;
        lock (session) leg = session.Find(channelId)!;
        return leg is not null;
    }

    /// <summary>Finds the session and leg of one of our channels by its id, restoring them from the id (and the StasisStart
    /// <c>appArgs</c>) when this instance did not originate it.</summary>
    private bool TryFindLeg(AriChannel channel, IReadOnlyList<string>? args, out AriSession session, out AriLeg leg)
    {
        session = null!;
        leg = null!;
        if (!AriChannelIds.TryParse(channel.Id, out var callbackId, out var kind)) return false;

        session = _sessions.GetOrAdd(callbackId, NewSession);
        lock (session)
        {
            leg = session.Find(channel.Id)!;
            if (leg is null)
            {
                leg = session.Track(new AriLeg(channel.Id, kind, channel.Connected?.Number ?? "", described: false));
                LogRestored(channel.Id);
            }
            if (!leg.Described && AriAppArgs.From(args) is { } described)
            {
                leg.Described = true;
                leg.Number = described.Number;
                if (kind == LegKind.A) session.PendingDestination = described.Destination;
                if (described.MaxSeconds is { } s) session.MaxDuration = TimeSpan.FromSeconds(s);
                session.CallerId ??= described.CallerId;
                session.CallerIdB ??= described.CallerIdB;
            }
            return true;
        }
    }

    private AriSession NewSession(Guid callbackId) => new(callbackId, clock.GetUtcNow());

    private void ReportDialing(AriSession session, AriLeg leg)
    {
        if (leg.DialingReported) return;
        leg.DialingReported = true;
        Publish(session, leg, SwitchEventType.Dialing);
    }

    private void ReportAnswered(AriSession session, AriLeg leg)
    {
        if (leg.Answered) return;
        ReportDialing(session, leg);
        leg.Answered = true;
        Publish(session, leg, SwitchEventType.Answered);
    }

    /// <summary>Called with the session locked, so the events of a callback are written in the order they happened.</summary>
    private void Publish(AriSession session, AriLeg leg, SwitchEventType type, int? cause = null, string? digits = null) =>
        _events.Writer.TryWrite(new SwitchEvent(session.CallbackId, leg.Kind, type, leg.Number, leg.ChannelId, cause, clock.GetUtcNow(), digits));

    private static int? Seconds(TimeSpan? duration) => duration is { } d ? (int)Math.Ceiling(d.TotalSeconds) : null;

    /// <summary>Stops reading events and every timer. Safe to call twice (the container disposes it as itself and as the ISwitch).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        _stopping.Cancel();
        foreach (var session in _sessions.Values)
            lock (session) session.StopTimer();
        _events.Writer.TryComplete();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling the ARI event {Type} of channel {ChannelId} failed")]
    private partial void LogEventFailed(Exception ex, string type, string? channelId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reading the ARI events failed; starting again")]
    private partial void LogStreamFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "Bridging callback {CallbackId} failed; hanging it up")]
    private partial void LogBridgeFailed(Exception ex, Guid callbackId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Callback {CallbackId} reached its maximum call time; hanging up")]
    private partial void LogMaxTime(Guid callbackId);

    [LoggerMessage(Level = LogLevel.Error, Message = "Hanging up callback {CallbackId} failed")]
    private partial void LogHangupFailed(Exception ex, Guid callbackId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Channel {ChannelId} ended while the ARI events were disconnected")]
    private partial void LogEndedWhileAway(string channelId);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Channel {ChannelId} was not originated here; tracked from its id")]
    private partial void LogRestored(string channelId);
}
