using System.Threading.Channels;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Callbacks.HandleSwitchEvent;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Infrastructure.Persistence;
using SmsCallback.Infrastructure.Processing;

namespace SmsCallback.Infrastructure.Switching;

/// <summary>Reads the switch's event stream and applies each event, in order, to its callback. For a remote switch the instance first
/// takes the switch's lease, renews it while reading, and stops reading the moment it loses it, so exactly one instance listens.</summary>
public sealed partial class SwitchEventPump(
    ISwitch phoneSwitch, IServiceScopeFactory scopes, SwitchLeases leases, IOptions<SwitchOptions> options, IOptions<ProcessingOptions> processing,
    TimeProvider clock, SwitchEventProgress progress,
    ILogger<SwitchEventPump> logger) : BackgroundService
{
    private readonly string _holder = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var o = options.Value;
        if (!o.NeedsLease)
        {
            await PumpAsync(stoppingToken);
            return;
        }

        var name = "switch:" + o.Provider.ToString().ToLowerInvariant();
        var renewEvery = o.LeaseDuration / 3;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!await leases.TryAcquireAsync(name, _holder, o.LeaseDuration, stoppingToken))
                {
                    await Task.Delay(renewEvery, clock, stoppingToken);
                    continue;
                }
                LogLeaseTaken(name);
                using var holding = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var pump = PumpAsync(holding.Token);
                while (!pump.IsCompleted)
                {
                    await Task.WhenAny(pump, Task.Delay(renewEvery, clock, stoppingToken));
                    if (!pump.IsCompleted && !await leases.TryAcquireAsync(name, _holder, o.LeaseDuration, stoppingToken))
                    {
                        LogLeaseLost(name);
                        await holding.CancelAsync();
                    }
                }
                await pump;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                await leases.ReleaseAsync(name, _holder, CancellationToken.None);
                return;
            }
            catch (Exception ex)
            {
                LogLeaseError(ex, name);
                await Task.Delay(renewEvery, clock, stoppingToken);
            }
        }
    }

    /// <summary>Events are read as they come and applied in order, the ones that arrived together in one batch (one transaction,
    /// docs/adr/0038-batched-processing.md): a callback's answer, hang-up and the other leg's events often arrive within a millisecond.</summary>
    private async Task PumpAsync(CancellationToken ct)
    {
        var events = Channel.CreateBounded<SwitchEvent>(new BoundedChannelOptions(10_000) { SingleReader = true, SingleWriter = true });
        var reading = ReadAsync(events.Writer, ct);
        var batch = new List<SwitchEvent>();
        var batchSize = Math.Max(1, processing.Value.BatchSize);
        progress.Started();
        try
        {
            while (true)
            {
                // nothing waiting: every event the switch sent so far is applied (the reader takes them as they come while there is room)
                if (!events.Reader.TryPeek(out _)) progress.Idle(clock.GetUtcNow());
                if (!await events.Reader.WaitToReadAsync(ct)) break;
                progress.Busy();
                batch.Clear();
                while (batch.Count < batchSize && events.Reader.TryRead(out var e)) batch.Add(e);
                await ApplyAsync(batch, ct);
                progress.Applied(batch.Max(e => e.At));
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            progress.Stopped();
        }
        await reading;
    }

    private async Task ReadAsync(ChannelWriter<SwitchEvent> writer, CancellationToken ct)
    {
        try
        {
            await foreach (var e in phoneSwitch.ReadEventsAsync(ct)) await writer.WriteAsync(e, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        finally
        {
            writer.TryComplete();
        }
    }

    /// <summary>In order; a batch that should end (<see cref="UnitOfWork.BatchShouldEnd"/>) commits and the rest follow in the next.</summary>
    private async Task ApplyAsync(List<SwitchEvent> batch, CancellationToken ct)
    {
        for (var start = 0; start < batch.Count;)
        {
            var applied = 0;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var unitOfWork = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
                var sender = scope.ServiceProvider.GetRequiredService<ISender>();
                await unitOfWork.RunBatchAsync(async token =>
                {
                    applied = 0;
                    while (start + applied < batch.Count && (applied == 0 || !unitOfWork.BatchShouldEnd))
                    {
                        var events = Neighbours(batch, start + applied);
                        await ApplyOneAsync(events, sender, unitOfWork, token);
                        applied += events.Count;
                    }
                }, processing.Value.BatchTimeBudget, ct);
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // The commit failed: nothing of the batch was kept. Apply each command on its own, so one bad event costs only itself.
                applied = Math.Max(applied, Neighbours(batch, start).Count); // failed before its first command: that one alone, then on
                LogBatchFailed(ex, applied);
                for (var i = start; i < start + applied;)
                {
                    var events = Neighbours(batch, i);
                    await ApplyAloneAsync(events, ct);
                    i += events.Count;
                }
            }
            start += applied;
        }
    }

    /// <summary>The event at <paramref name="index"/> and the ones right after it that are applied with it in one command
    /// (<see cref="SwitchEventCommands.Together"/>): one read and one save of their callback.</summary>
    internal static List<SwitchEvent> Neighbours(List<SwitchEvent> batch, int index)
    {
        var end = index + 1;
        while (end < batch.Count && SwitchEventCommands.Together(batch[end - 1], batch[end])) end++;
        return batch.GetRange(index, end - index);
    }

    private async Task ApplyOneAsync(List<SwitchEvent> events, ISender sender, UnitOfWork unitOfWork, CancellationToken ct)
    {
        var e = events[0];
        using var logScope = e.CallbackId == Guid.Empty ? null : logger.BeginScope(new Dictionary<string, object> { ["CallbackId"] = e.CallbackId });
        try
        {
            await sender.Send(SwitchEventCommands.For(events), ct);
            unitOfWork.EndCommand();
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            unitOfWork.AbandonCurrent(); // this event's changes only
            LogFailed(ex, e.Type, e.CallbackId);
        }
    }

    private async Task ApplyAloneAsync(List<SwitchEvent> events, CancellationToken ct)
    {
        var e = events[0];
        using var logScope = e.CallbackId == Guid.Empty ? null : logger.BeginScope(new Dictionary<string, object> { ["CallbackId"] = e.CallbackId });
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<ISender>().Send(SwitchEventCommands.For(events), ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            LogFailed(ex, e.Type, e.CallbackId);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} switch events could not be committed; applying them one by one")]
    private partial void LogBatchFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying switch event {Type} to callback {CallbackId} failed")]
    private partial void LogFailed(Exception ex, SwitchEventType type, Guid callbackId);

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance now holds {Lease} and listens to the switch")]
    private partial void LogLeaseTaken(string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost {Lease}: another instance listens to the switch now")]
    private partial void LogLeaseLost(string lease);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lease {Lease} could not be taken or renewed")]
    private partial void LogLeaseError(Exception ex, string lease);
}
