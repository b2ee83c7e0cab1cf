using System.Diagnostics.Metrics;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Common.Telemetry;

/// <summary>Every domain metric of the platform, in one place: the <c>SmsCallback</c> meter, each instrument with its unit and description
/// (docs/operations.md explains them and what to alert on). Counters are recorded where the fact happens; gauges read
/// <see cref="IOperationsReadings"/>, which answers from a snapshot of the database taken at most every few seconds, only when something
/// (a scrape) asks. Labels hold only bounded values: channel, origin, state, reason, rule, switch, currency, forwarder and lot names.</summary>
public sealed class SmsCallbackMetrics
{
    public const string MeterName = "SmsCallback";

    private readonly Counter<long> _inbound;
    private readonly Counter<long> _started;
    private readonly Counter<long> _finished;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _outbound;
    private readonly Counter<long> _carrierErrors;
    private readonly Histogram<double> _originateLatency;
    private readonly Counter<long> _discrepancies;

    public SmsCallbackMetrics(IOperationsReadings readings, IMeterFactory? meters = null)
    {
        var meter = meters?.Create(MeterName) ?? new Meter(MeterName);

        _inbound = meter.CreateCounter<long>("smscallback.sms.inbound", "{sms}",
            "Inbound SMS processed, by the channel it came in on and what it led to (callback_requested, refused, parse_error, ...).");
        _started = meter.CreateCounter<long>("smscallback.callbacks.started", "{callback}",
            "Callbacks admitted and stored, by origin (sms, web, ani, ivr).");
        _finished = meter.CreateCounter<long>("smscallback.callbacks.finished", "{callback}",
            "Callbacks that ended, by origin, final state (completed, failed) and failure reason (none when completed).");
        _refused = meter.CreateCounter<long>("smscallback.callbacks.refused", "{refusal}",
            "Callback requests refused by a fraud or credit rule, by rule (AccountBlocked, ServiceDisabled, NumberBlocked, NumberNotAllowed, TooManyRequests, TooManyCallbacks, NoRate, InsufficientCredit, DailyCapReached) and origin (Sms, Web, Ani, Ivr).");
        _outbound = meter.CreateCounter<long>("smscallback.sms.outbound", "{sms}",
            "Outbound SMS (replies, notices) reaching a final or waiting state, by channel and status (sent, failed, awaiting_result).");
        _carrierErrors = meter.CreateCounter<long>("smscallback.carrier.errors", "{error}",
            "Failed attempts to hand an SMS to its channel, by channel and error code (the carrier's HTTP status or status code, or transport).");
        _originateLatency = meter.CreateHistogram<double>("smscallback.callbacks.originate.latency", "s",
            "Time from an SMS's commit to the inbox (the webhook's answer) to the switch's originate request: the hot path.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });

        _discrepancies = meter.CreateCounter<long>("smscallback.switch.discrepancies", "{discrepancy}",
            "Times the switch and the platform disagreed about a call, by kind: watchdog_cut (a call outlived its maximum plus the grace and the platform hung it up), reconciled (the switch no longer had a call the platform thought up), beyond_cap (a leg reported longer than its cap; the excess is not charged).");

        meter.CreateObservableGauge("smscallback.inbox.pending", () => readings.Snapshot().InboxPending, "{sms}",
            "Inbound SMS stored but not processed yet.");
        meter.CreateObservableGauge("smscallback.inbox.oldest_pending.age", () => readings.Snapshot().OldestPendingAge?.TotalSeconds ?? 0, "s",
            "Age of the oldest inbound SMS still waiting to be processed (0 when none waits).");
        meter.CreateObservableGauge("smscallback.callbacks.active", () => readings.Snapshot().ActiveCallbacks, "{callback}",
            "Callbacks not yet completed or failed.");
        meter.CreateObservableGauge("smscallback.legs.active", () => readings.Snapshot().ActiveLegs, "{leg}",
            "Call legs dialling, ringing or answered.");
        meter.CreateObservableGauge("smscallback.credit.reserved",
            () => readings.Snapshot().Reserved.Select(r => new Measurement<double>((double)r.Amount, new KeyValuePair<string, object?>("currency", r.Currency))),
            "{currency_unit}", "Credit held on accounts for calls in progress, by currency.");
        meter.CreateObservableGauge("smscallback.lots.generation.progress",
            () => readings.Snapshot().Lots.Select(l => new Measurement<double>(l.Progress, new KeyValuePair<string, object?>("lot", l.Name))),
            "1", "Share (0 to 1) of the accounts generated so far, for each credential lot being generated.");
        meter.CreateObservableGauge("smscallback.forwarder.last_contact.age",
            () => readings.Snapshot().Forwarders.Select(f => new Measurement<double>(f.SilentFor?.TotalSeconds ?? double.PositiveInfinity,
                new KeyValuePair<string, object?>("forwarder", f.Name))),
            "s", "Seconds since each SMS forwarder last reached the platform (+Inf: never).");
        meter.CreateObservableGauge("smscallback.switch.up",
            () => readings.Switches().Select(s => new Measurement<int>(s.Up ? 1 : 0, new KeyValuePair<string, object?>("switch", s.Name))),
            "1", "1 while the platform can reach the switch (its event connection stands, or its last request succeeded), else 0.");
        meter.CreateObservableCounter("smscallback.switch.reconnects",
            () => readings.Switches().Select(s => new Measurement<long>(s.Reconnects, new KeyValuePair<string, object?>("switch", s.Name))),
            "{reconnect}", "Times the connection to a switch was opened again after it had stood, by switch.");
    }

    public void SmsProcessed(string channel, string outcome) =>
        _inbound.Add(1, new("channel", channel), new("outcome", outcome));

    public void CallbackStarted(CallbackOrigin origin) => _started.Add(1, new KeyValuePair<string, object?>("origin", Label(origin)));

    public void CallbackFinished(CallbackOrigin origin, CallbackState state, FailureReason? reason) =>
        _finished.Add(1, new("origin", Label(origin)), new("state", Label(state)), new("reason", reason?.ToString() ?? "none"));

    /// <param name="rule">A <c>CallRefusal</c> name, or <c>RateLimited</c>.</param>
    public void CallbackRefused(string rule, string origin) =>
        _refused.Add(1, new KeyValuePair<string, object?>("rule", rule), new KeyValuePair<string, object?>("origin", origin));

    public void OutboundSms(string channel, string status) => _outbound.Add(1, new("channel", channel), new("status", status));

    public void CarrierError(string channel, string code) => _carrierErrors.Add(1, new("channel", channel), new("code", code));

    /// <param name="kind"><c>watchdog_cut</c>, <c>reconciled</c> or <c>beyond_cap</c>.</param>
    public void SwitchDiscrepancy(string kind) => _discrepancies.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void OriginateLatency(TimeSpan elapsed) => _originateLatency.Record(elapsed.TotalSeconds);

    private static string Label<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();
}
