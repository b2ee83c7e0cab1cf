using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Callbacks.HandleSwitchEvent;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Infrastructure.Switching;

/// <summary>Reads the switch's event stream and applies each event, in order, to its callback. For a remote switch the instance first
/// takes the switch's lease, renews it while reading, and stops reading the moment it loses it, so exactly one instance listens.</summary>
public sealed partial class SwitchEventPump(
    ISwitch phoneSwitch, IServiceScopeFactory scopes, SwitchLeases leases, IOptions<SwitchOptions> options, TimeProvider clock,
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

    private async Task PumpAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var e in phoneSwitch.ReadEventsAsync(ct))
            {
                using var logScope = e.CallbackId == Guid.Empty ? null : logger.BeginScope(new Dictionary<string, object> { ["CallbackId"] = e.CallbackId });
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ISender>().Send(SwitchEventCommands.For(e), ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    LogFailed(ex, e.Type, e.CallbackId);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying switch event {Type} to callback {CallbackId} failed")]
    private partial void LogFailed(Exception ex, SwitchEventType type, Guid callbackId);

    [LoggerMessage(Level = LogLevel.Information, Message = "This instance now holds {Lease} and listens to the switch")]
    private partial void LogLeaseTaken(string lease);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Lost {Lease}: another instance listens to the switch now")]
    private partial void LogLeaseLost(string lease);

    [LoggerMessage(Level = LogLevel.Error, Message = "Lease {Lease} could not be taken or renewed")]
    private partial void LogLeaseError(Exception ex, string lease);
}
