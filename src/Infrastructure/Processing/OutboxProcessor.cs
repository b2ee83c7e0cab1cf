using System.Diagnostics;
using System.Threading.Channels;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Events;
using SmsCallback.Domain.Common;
using SmsCallback.Infrastructure.Persistence;

namespace SmsCallback.Infrastructure.Processing;

/// <summary>The in-process hand-off of committed domain events (with their outbox ids) to <see cref="OutboxProcessor"/>. Losing it loses
/// nothing: the outbox table is the source of truth and <see cref="RecoverySweeper"/> re-reads it.</summary>
internal sealed class OutboxQueue
{
    private readonly Channel<(Guid Id, IDomainEvent? Event, ActivityContext Parent, long? HotPathStart)> _channel =
        Channel.CreateUnbounded<(Guid, IDomainEvent?, ActivityContext, long?)>(new() { SingleWriter = false, SingleReader = false });

    /// <param name="domainEvent">null: read it from the outbox row (a sweep).</param>
    /// <remarks>The current activity (the command that raised the event) goes along, so its consumer continues the trace, and so does the
    /// start of the hot path (<see cref="Telemetry.HotPath"/>), so the dispatch of an SMS's callback records the webhook → originate latency.</remarks>
    public void Enqueue(Guid messageId, IDomainEvent? domainEvent) =>
        _channel.Writer.TryWrite((messageId, domainEvent, Activity.Current?.Context ?? default, Telemetry.HotPath.StartedAt));

    public ChannelReader<(Guid Id, IDomainEvent? Event, ActivityContext Parent, long? HotPathStart)> Reader => _channel.Reader;
}

/// <summary>Hands each committed domain event to its consumer command (<see cref="DomainEventConsumers"/>), right after the commit, each
/// in a scope of its own whose save also deletes the outbox row. A consumer that fails leaves the row for the next sweep.</summary>
internal sealed partial class OutboxProcessor(
    OutboxQueue queue, IServiceScopeFactory scopes, IOptions<ProcessingOptions> options, ILogger<OutboxProcessor> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency)).Select(_ => ConsumeAsync(stoppingToken)));

    private async Task ConsumeAsync(CancellationToken ct)
    {
        await Task.Yield();
        try
        {
            await foreach (var (id, domainEvent, parent, hotPathStart) in queue.Reader.ReadAllAsync(ct))
            {
                using var hotPath = hotPathStart is { } start ? Telemetry.HotPath.Begin(start) : null;
                using var activity = Application.Common.Telemetry.SmsCallbackActivities.Source
                    .StartActivity("outbox.consume", ActivityKind.Consumer, parent)?.SetTag("smscallback.outbox_id", id);
                try
                {
                    await HandleAsync(id, domainEvent, ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
                {
                    activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
                    LogFailed(ex, id, domainEvent?.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    private async Task HandleAsync(Guid id, IDomainEvent? domainEvent, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        if (domainEvent is null)
        {
            var row = await services.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
            if (row is null) return; // consumed meanwhile
            domainEvent = row.ToEvent();
        }
        using var logScope = domainEvent is Domain.Callbacks.ICallbackEvent e
            ? logger.BeginScope(new Dictionary<string, object> { ["CallbackId"] = e.CallbackId }) : null;
        services.GetRequiredService<OutboxConsumption>().MessageId = id;
        if (domainEvent is not null && DomainEventConsumers.CommandFor(domainEvent) is { } command)
            await services.GetRequiredService<ISender>().Send(command, ct);
        else
        {
            LogNoConsumer(id, domainEvent?.GetType().Name);
            await services.GetRequiredService<Application.Common.Interfaces.IUnitOfWork>().SaveChangesAsync(ct); // deletes the row
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Domain event {OutboxId} ({EventType}) failed; the outbox sweep hands it over again")]
    private partial void LogFailed(Exception ex, Guid outboxId, string? eventType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Domain event {OutboxId} ({EventType}) has no consumer; removed")]
    private partial void LogNoConsumer(Guid outboxId, string? eventType);
}
