using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Ivr.PlaceIvrCall;
using SmsCallback.Application.Ivr.Speech;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Ivr;

namespace SmsCallback.Application.Ivr.IvrEngine;

/// <summary>The IVR after the call (docs/product.md §6), one small state machine per callback, driven only through <see cref="ISwitch"/>:
/// when leg B ends while A is up, A hears the prompt and dials a number ended with #, which is checked and bridged like any callback;
/// during a bridged call the end-leg code hangs up B and keeps A; the balance code reads the balance at the prompt or during a call.
/// A silent or wrong entry counts as an attempt; after the last attempt the customer hears goodbye and A is hung up.
/// The engine only talks to the switch and keeps its sessions in memory: what needs the database (a dialled number, the balance) it returns
/// as an <see cref="IvrRequest"/> to the switch-event handler, and it hears the outcome of a dialled number from
/// <see cref="PlaceIvrCallHandler"/> (<see cref="OnNumberPlacedAsync"/>).
/// Every prompt is a named recording (<c>sound:smscallback/&lt;name&gt;</c>) played in the caller's language (<see cref="PromptLanguage"/>);
/// numbers and amounts are composed of such recordings by the language's <see cref="SpeechRules"/>.</summary>
public sealed partial class IvrEngine(ISwitch phoneSwitch, TimeProvider clock, ILogger<IvrEngine> logger)
{
    private const int MaxTypedDigits = 20;
    private readonly ConcurrentDictionary<Guid, Session> _sessions = new();
    private readonly ConcurrentDictionary<Guid, (string Prompt, CancellationTokenSource Fallback)> _hangupAfterPrompt = new();

    /// <summary>How long the goodbye may play before leg A is hung up anyway (a switch that never reports the end of a playback).</summary>
    public static readonly TimeSpan GoodbyeTimeout = TimeSpan.FromSeconds(5);

    private sealed class Session(Guid callbackId, Guid accountId, string language)
    {
        public Guid CallbackId { get; } = callbackId;
        public Guid AccountId { get; } = accountId;

        /// <summary>The language of every prompt of this call, chosen when the IVR first hears of it.</summary>
        public string Language { get; } = language;
        public bool Collecting { get; set; }
        public string Typed { get; set; } = "";
        public string InCall { get; set; } = "";
        public int Attempts { get; set; }
        public CancellationTokenSource? Timer { get; set; }
        public IvrSettings Settings { get; set; } = IvrSettings.Default();
    }

    /// <summary>Applied after the event changed the callback (so its state is the new one). Returns what the caller must do with the
    /// database: a number to check and bridge, or the balance to read and play (<see cref="PlayBalanceAsync"/>).
    /// <paramref name="accountLanguage"/>: the account's language, needed only when the IVR does not follow the callback yet
    /// (<see cref="IsFollowing"/>).</summary>
    public async Task<IvrRequest?> OnEventAsync(Callback callback, SwitchEvent e, IvrSettings settings, string? accountLanguage, CancellationToken ct)
    {
        if (!settings.Enabled || !phoneSwitch.Capabilities.CanControlLegs) return null;
        var session = _sessions.GetOrAdd(callback.Id,
            _ => new Session(callback.Id, callback.AccountId, PromptLanguage.Resolve(accountLanguage, settings.Language)));
        session.Settings = settings;

        switch (e.Type, e.Leg)
        {
            case (SwitchEventType.HungUp, LegKind.A):
                End(callback.Id);
                break;
            case (SwitchEventType.Answered, LegKind.A) when callback.Destination is null: // ANI: straight to the prompt
                await PromptAsync(session, settings.PromptEnterNumber, ct);
                break;
            case (SwitchEventType.Answered, LegKind.A):
                await AnnounceMaxTimeAsync(session, callback.MaxDurationSeconds, ct);
                break;
            case (SwitchEventType.Answered, LegKind.B):
                lock (session) { session.Collecting = false; session.Attempts = 0; session.InCall = ""; }
                CancelTimer(session);
                break;
            case (SwitchEventType.HungUp, LegKind.B) when callback is { State: CallbackState.SourceAnswered, IsSourceUp: true }:
                await PromptAsync(session, settings.PromptEnterNumber, ct);
                break;
            case (SwitchEventType.Dtmf, LegKind.A) when !string.IsNullOrEmpty(e.Digits):
                return OnKeys(session, callback.State, e.Digits);
        }
        return null;
    }

    private IvrRequest? OnKeys(Session session, CallbackState state, string keys)
    {
        var settings = session.Settings;
        if (state == CallbackState.Connected)
        {
            string heard;
            lock (session) heard = session.InCall = Last(session.InCall + keys, 16);
            if (heard.EndsWith(settings.EndLegCode, StringComparison.Ordinal))
            {
                lock (session) session.InCall = "";
                return new IvrRequest(IvrRequestKind.EndLeg, session.AccountId);
            }
            if (heard.EndsWith(settings.BalanceCode, StringComparison.Ordinal))
            {
                lock (session) session.InCall = "";
                return new IvrRequest(IvrRequestKind.Balance, session.AccountId);
            }
            return null;
        }

        string? typed = null;
        lock (session)
        {
            if (!session.Collecting) return null;
            foreach (var key in keys)
            {
                if (key == '#') { typed = session.Typed; session.Typed = ""; break; }
                if (session.Typed.Length < MaxTypedDigits) session.Typed += key;
            }
        }
        if (typed is null) { RestartTimer(session); return null; }

        if (typed == settings.BalanceCode) return new IvrRequest(IvrRequestKind.BalanceAtPrompt, session.AccountId);
        lock (session) session.Collecting = false;
        CancelTimer(session);
        return new IvrRequest(IvrRequestKind.Dial, session.AccountId, typed);
    }

    /// <summary>Leg B ends at the customer's end-leg code.</summary>
    public Task EndLegAsync(Guid callbackId, CancellationToken ct) => phoneSwitch.HangupLegAsync(callbackId, LegKind.B, ct);

    /// <summary>The outcome of a number dialled at the prompt: the time it may last, or another attempt (goodbye after the last).</summary>
    public async Task OnNumberPlacedAsync(Guid callbackId, IvrCallResult result, CancellationToken ct)
    {
        LogNumberDialled(callbackId, result.Outcome);
        if (!_sessions.TryGetValue(callbackId, out var session)) return;
        if (result.Outcome == IvrCallOutcome.Placed) await AnnounceMaxTimeAsync(session, result.MaxSeconds, ct);
        else await FailedAttemptAsync(session, ct, result.Outcome == IvrCallOutcome.InsufficientCredit ? session.Settings.PromptNoCredit : null);
    }

    /// <summary>"You may talk for N minutes", when the settings ask for it and the credit limits the call.</summary>
    private async Task AnnounceMaxTimeAsync(Session session, int? maxSeconds, CancellationToken ct)
    {
        if (!session.Settings.AnnounceMaxTime || maxSeconds is not { } seconds) return;
        await SayAsync(session, [session.Settings.PromptMaxTime, .. SpeechRules.For(session.Language).Minutes(seconds / 60)], ct);
    }

    /// <summary>Plays named prompts one after the other, in the session's language.</summary>
    private async Task SayAsync(Session session, IEnumerable<string> names, CancellationToken ct)
    {
        foreach (var name in names) await phoneSwitch.PlayAsync(session.CallbackId, PromptLanguage.Sound(name), session.Language, ct);
    }

    private async Task FailedAttemptAsync(Session session, CancellationToken ct, string? reasonPrompt = null)
    {
        int attempts;
        lock (session) attempts = ++session.Attempts;
        if (attempts >= session.Settings.MaxAttempts)
        {
            End(session.CallbackId);
            if (reasonPrompt is not null) await SayAsync(session, [reasonPrompt], ct);
            await HangupAfterAsync(session, PromptLanguage.Sound(session.Settings.PromptGoodbye), ct);
            return;
        }
        await SayAsync(session, [reasonPrompt ?? session.Settings.PromptInvalidNumber], ct);
        await PromptAsync(session, session.Settings.PromptEnterNumber, ct);
    }

    /// <summary>Plays <paramref name="prompt"/> and hangs up when it has finished (hanging up at once would cut it off), or after
    /// <see cref="GoodbyeTimeout"/> if the switch does not say.</summary>
    private async Task HangupAfterAsync(Session session, string prompt, CancellationToken ct)
    {
        var callbackId = session.CallbackId;
        var fallback = new CancellationTokenSource();
        _hangupAfterPrompt[callbackId] = (prompt, fallback);
        await phoneSwitch.PlayAsync(callbackId, prompt, session.Language, ct);
        _ = Task.Delay(GoodbyeTimeout, clock, fallback.Token)
            .ContinueWith(_ => HangupNowAsync(callbackId), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default)
            .Unwrap();
    }

    /// <summary>A prompt finished playing on leg A.</summary>
    public async Task OnPlaybackFinishedAsync(Guid callbackId, string? prompt)
    {
        if (_hangupAfterPrompt.TryGetValue(callbackId, out var pending) && pending.Prompt == prompt) await HangupNowAsync(callbackId);
    }

    private async Task HangupNowAsync(Guid callbackId)
    {
        if (!_hangupAfterPrompt.TryRemove(callbackId, out var pending)) return;
        await pending.Fallback.CancelAsync();
        pending.Fallback.Dispose();
        try
        {
            await phoneSwitch.HangupAsync(callbackId, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogHangupFailed(ex, callbackId);
        }
    }

    private async Task PromptAsync(Session session, string prompt, CancellationToken ct)
    {
        lock (session) { session.Collecting = true; session.Typed = ""; }
        await SayAsync(session, [prompt], ct);
        RestartTimer(session);
    }

    /// <summary>Reads <paramref name="balance"/> in <paramref name="currency"/> to the customer, as the language says amounts
    /// ("dwanaście złotych pięćdziesiąt groszy"); at the prompt, the prompt follows again.</summary>
    public async Task PlayBalanceAsync(Guid callbackId, decimal balance, string currency, bool atPrompt, CancellationToken ct)
    {
        if (!_sessions.TryGetValue(callbackId, out var session)) return;
        await SayAsync(session, [session.Settings.PromptBalance, .. SpeechRules.For(session.Language).Amount(balance, currency)], ct);
        if (atPrompt) await PromptAsync(session, session.Settings.PromptEnterNumber, ct);
    }

    private void RestartTimer(Session session)
    {
        var timer = new CancellationTokenSource();
        CancellationTokenSource? previous;
        lock (session) { previous = session.Timer; session.Timer = timer; }
        previous?.Cancel();
        _ = Task.Delay(TimeSpan.FromMilliseconds(session.Settings.DigitTimeoutMs), clock, timer.Token)
            .ContinueWith(_ => OnTimeoutAsync(session, timer), CancellationToken.None, TaskContinuationOptions.OnlyOnRanToCompletion, TaskScheduler.Default)
            .Unwrap();
    }

    private async Task OnTimeoutAsync(Session session, CancellationTokenSource timer)
    {
        lock (session)
        {
            if (session.Timer != timer || !session.Collecting) return;
            session.Collecting = false;
        }
        try
        {
            await FailedAttemptAsync(session, CancellationToken.None);
        }
        catch (Exception ex)
        {
            LogTimeoutFailed(ex, session.CallbackId);
        }
    }

    private static void CancelTimer(Session session)
    {
        CancellationTokenSource? timer;
        lock (session) { timer = session.Timer; session.Timer = null; }
        timer?.Cancel();
    }

    /// <summary>True while the IVR follows the callback (a prompt or a digit timer may still come); false once leg A ended.</summary>
    public bool IsFollowing(Guid callbackId) => _sessions.ContainsKey(callbackId);

    private void End(Guid callbackId)
    {
        if (_sessions.TryRemove(callbackId, out var session)) CancelTimer(session);
    }

    private static string Last(string s, int n) => s.Length <= n ? s : s[^n..];

    [LoggerMessage(Level = LogLevel.Information, Message = "IVR of callback {CallbackId}: dialled number {Outcome}")]
    private partial void LogNumberDialled(Guid callbackId, IvrCallOutcome outcome);

    [LoggerMessage(Level = LogLevel.Error, Message = "IVR of callback {CallbackId}: hanging up after goodbye failed")]
    private partial void LogHangupFailed(Exception ex, Guid callbackId);

    [LoggerMessage(Level = LogLevel.Error, Message = "IVR of callback {CallbackId}: handling the digit timeout failed")]
    private partial void LogTimeoutFailed(Exception ex, Guid callbackId);
}

public enum IvrRequestKind { Dial, Balance, BalanceAtPrompt, EndLeg }

/// <summary>What the IVR needs done beyond the switch: <c>Dial</c> <paramref name="Typed"/>, read the balance of <paramref name="AccountId"/>
/// (during a call, or at the prompt, which then plays again), or end leg B.</summary>
public sealed record IvrRequest(IvrRequestKind Kind, Guid AccountId, string? Typed = null);
