using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Billing;
using SmsCallback.Application.Callbacks.Watchdog;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Infrastructure.Operations;

namespace SmsCallback.Infrastructure.Switching.Reconciliation;

/// <summary>The platform's own guard over calls (docs/billing.md). Every <see cref="CallWatchdogOptions.Interval"/> it cuts the callbacks
/// past their deadline (<see cref="EnforceCallDeadlineCommand"/>); at start-up, after the switch's event connection comes back and every
/// <see cref="CallWatchdogOptions.ReconcileInterval"/> it compares the active callbacks with the calls the switch has
/// (<see cref="ReconcileCallbackCommand"/>). Deadlines are derived from stored rows, so a restart loses none. Both acts are idempotent
/// and guarded by the callback's concurrency token, so several instances may run it.</summary>
public sealed partial class CallWatchdog(
    IServiceScopeFactory scopes, IOptions<CallWatchdogOptions> options, IOptions<BillingOptions> billing, SwitchConnectionStatus connections,
    TimeProvider clock, ILogger<CallWatchdog> logger, ISwitchCallList? callList = null, SwitchEventProgress? progress = null) : BackgroundService
{
    private const int Batch = 1000;

    private static readonly CallbackState[] Answered = [CallbackState.SourceAnswered, CallbackState.DialingDestination, CallbackState.Connected];
    private static readonly CallbackState[] Active = [CallbackState.DialingSource, .. Answered];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        DateTimeOffset? lastReconcile = null;
        long? reconnects = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await EnforceDeadlinesAsync(stoppingToken);
                var now = clock.GetUtcNow();
                var seen = connections.Snapshot().Sum(s => s.Reconnects);
                if (callList is not null && (lastReconcile is null || now - lastReconcile >= options.Value.ReconcileInterval || seen != reconnects))
                {
                    if (await ReconcileAsync(stoppingToken)) (lastReconcile, reconnects) = (now, seen);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(ex);
            }
            try
            {
                await Task.Delay(options.Value.Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Cuts every callback past its deadline; returns how many.</summary>
    public async Task<int> EnforceDeadlinesAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        var o = billing.Value;
        var now = clock.GetUtcNow();
        var due = (await services.GetRequiredService<ICallbackWatchQueries>().ListOldestInStatesAsync(Answered, Batch, ct))
            .Where(c => CallDeadlines.DeadlineOf(c, o.CallGraceSeconds, o.RingAllowanceSeconds) <= now).Select(c => c.Id).ToList();
        var cut = 0;
        foreach (var id in due)
        {
            await using var each = scopes.CreateAsyncScope();
            if (await each.ServiceProvider.GetRequiredService<ISender>().Send(new EnforceCallDeadlineCommand(id), ct)) cut++;
        }
        return cut;
    }

    /// <summary>Ends the callbacks the switch no longer has (or whose legs it no longer has), and the finished callbacks still holding credit
    /// for a leg never reported ended. Callbacks changed within <see cref="CallWatchdogOptions.ReconcileGrace"/> are left alone: their
    /// events (or, on another instance, their originate) may still be on their way. Returns false when the round must come again soon: the
    /// switch could not be asked, or a young callback was left alone.</summary>
    public async Task<bool> ReconcileAsync(CancellationToken ct)
    {
        if (callList is null) return true;
        LiveCalls live;
        var listedAt = clock.GetUtcNow();
        try
        {
            live = await callList.ListLiveCallsAsync(ct);
        }
        catch (SwitchUnavailableException ex)
        {
            LogListFailed(ex);
            return false;
        }
        // A call the switch ended before the list was read has its hang-up sent before it too: applied, or still queued behind a
        // backlog. Only once the pump has caught up with that moment is a leg missing from the list a lost event (docs/adr/0056).
        if (progress is not null && !await progress.WaitAppliedAsync(listedAt, options.Value.Interval, clock, ct))
        {
            LogPumpBehind();
            return false;
        }

        await using var scope = scopes.CreateAsyncScope();
        var before = clock.GetUtcNow() - options.Value.ReconcileGrace;
        var suspects = (await scope.ServiceProvider.GetRequiredService<ICallbackWatchQueries>().ListOldestInStatesAsync(Active, Batch, ct))
            .Concat(await scope.ServiceProvider.GetRequiredService<ICallbackWatchQueries>().ListFinishedHoldingCreditAsync(Batch, ct))
            .Where(c => ReconcileCallbackHandler.IsSuspect(c, live)).ToList();
        foreach (var callback in suspects.Where(c => c.UpdatedAt < before))
        {
            await using var each = scopes.CreateAsyncScope();
            await each.ServiceProvider.GetRequiredService<ISender>().Send(new ReconcileCallbackCommand(callback.Id, live), ct);
        }
        return suspects.All(c => c.UpdatedAt < before);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Call watchdog round failed")]
    private partial void LogRoundFailed(Exception ex);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Reconciliation waits: the switch's events are still being applied (a backlog); trying again next round")]
    private partial void LogPumpBehind();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reconciliation: the switch could not list its calls; trying again next round")]
    private partial void LogListFailed(Exception ex);
}
