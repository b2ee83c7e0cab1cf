using System.Diagnostics;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Telemetry;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Infrastructure.Operations;

namespace SmsCallback.Infrastructure.Telemetry;

/// <summary>The switch as the platform sees it from outside: every command is a <c>switch.*</c> activity in the trace of what asked for it,
/// log lines written during it carry the callback id, the hot path's latency is recorded at the originate, and for a switch without a
/// standing connection the originate's result is what <see cref="SwitchConnectionStatus"/> knows.</summary>
public sealed class ObservedSwitch(ISwitch inner, string name, SwitchConnectionStatus status, SmsCallbackMetrics metrics, ILogger<ObservedSwitch> logger)
    : ISwitch
{
    /// <summary>The adapter observed.</summary>
    public ISwitch Inner => inner;

    public SwitchCapabilities Capabilities => inner.Capabilities;

    public async Task OriginateAsync(OriginateCallback request, CancellationToken ct)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["CallbackId"] = request.CallbackId });
        using var activity = Start("switch.originate", request.CallbackId);
        if (HotPath.StartedAt is { } started) metrics.OriginateLatency(Stopwatch.GetElapsedTime(started));
        try
        {
            await inner.OriginateAsync(request, ct);
            status.RequestResult(name, true, "the last originate request succeeded");
        }
        catch (SwitchUnavailableException ex)
        {
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            status.RequestResult(name, false, "the last originate request failed: " + ex.Message);
            throw;
        }
    }

    public async Task BridgeNewLegAsync(Guid callbackId, string destination, TimeSpan? maxDuration, CancellationToken ct)
    {
        using var activity = Start("switch.bridge", callbackId);
        await inner.BridgeNewLegAsync(callbackId, destination, maxDuration, ct);
    }

    public async Task HangupLegAsync(Guid callbackId, LegKind leg, CancellationToken ct)
    {
        using var activity = Start("switch.hangup_leg", callbackId);
        await inner.HangupLegAsync(callbackId, leg, ct);
    }

    public async Task HangupAsync(Guid callbackId, CancellationToken ct)
    {
        using var activity = Start("switch.hangup", callbackId);
        await inner.HangupAsync(callbackId, ct);
    }

    public async Task PlayAsync(Guid callbackId, string prompt, string language, CancellationToken ct)
    {
        using var activity = Start("switch.play", callbackId);
        await inner.PlayAsync(callbackId, prompt, language, ct);
    }

    public Task RejectIncomingAsync(string switchCallId, CancellationToken ct) => inner.RejectIncomingAsync(switchCallId, ct);

    public IAsyncEnumerable<SwitchEvent> ReadEventsAsync(CancellationToken ct) => inner.ReadEventsAsync(ct);

    private Activity? Start(string operation, Guid callbackId) =>
        SmsCallbackActivities.Source.StartActivity(operation, ActivityKind.Client)?.SetTag("smscallback.switch", name).SetTag("smscallback.callback_id", callbackId);
}
