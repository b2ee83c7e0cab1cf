using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Callbacks.HandleSwitchEvent;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Infrastructure.Switching;

/// <summary>Reads the switch's event stream and applies each event, in order, to its callback.</summary>
public sealed partial class SwitchEventPump(ISwitch phoneSwitch, IServiceScopeFactory scopes, ILogger<SwitchEventPump> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await foreach (var e in phoneSwitch.ReadEventsAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<ISender>().Send(new HandleSwitchEventCommand(e), stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogFailed(ex, e.Type, e.CallbackId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Applying switch event {Type} to callback {CallbackId} failed")]
    private partial void LogFailed(Exception ex, SwitchEventType type, Guid callbackId);
}
