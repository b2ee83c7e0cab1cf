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
        Enqueue(messageId, domainEvent, Activity.Current?.Context ?? default, Telemetry.HotPath.StartedAt);

    /// <summary>An event raised earlier in a batch, with the trace and hot-path start of the command that raised it.</summary>
    public void Enqueue(Guid messageId, IDomainEvent? domainEvent, ActivityContext parent, long? hotPathStart) =>
        _channel.Writer.TryWrite((messageId, domainEvent, parent, hotPathStart));

    public ChannelReader<(Guid Id, IDomainEvent? Event, ActivityContext Parent, long? HotPathStart)> Reader => _channel.Reader;
}

/// <summary>Hands each committed domain event to its consumer command (<see cref="DomainEventConsumers"/>), right after the commit, each
/// in a scope of its own whose save also deletes the outbox row. A consumer that fails leaves the row for the next sweep.</summary>
internal sealed partial class OutboxProcessor(
    OutboxQueue queue, IServiceScopeFactory scopes, IngestPressure ingest, IOptions<ProcessingOptions> options, ILogger<OutboxProcessor> logger)
    : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.Value.Concurrency)).Select(_ => ConsumeAsync(stoppingToken)));

    /// <summary>An event to consume, and the ids of events that asked for the same <see cref="ICoalescingConsumer"/> command (consumed by
    /// the same run).</summary>
    internal readonly record struct Item(Guid Id, IDomainEvent? Event, ActivityContext Parent, long? HotPathStart, Guid[] AlsoConsumes);

    private async Task ConsumeAsync(CancellationToken ct)
    {
        await Task.Yield();
        var batch = new List<Item>();
        try
        {
            while (await queue.Reader.WaitToReadAsync(ct))
            {
                await ingest.YieldAsync(options.Value.IngestFirstMaxWait, ct); // a flood of webhooks first (IngestPressure)
                batch.Clear();
                while (batch.Count < Math.Max(1, options.Value.BatchSize) && queue.Reader.TryRead(out var read))
                    batch.Add(new Item(read.Id, read.Event, read.Parent, read.HotPathStart, []));
                await HandleTogetherAsync(Coalesce(batch), ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    /// <summary>Events that waited together and ask for the same <see cref="ICoalescingConsumer"/> command become one run of it, at the
    /// place of the first: every event in the queue is committed, so that run already sees what each of them recorded.</summary>
    internal static List<Item> Coalesce(List<Item> items)
    {
        Dictionary<IBaseCommand, int>? firstOf = null;
        var result = new List<Item>(items.Count);
        foreach (var item in items)
        {
            if (item.Event is { } e && DomainEventConsumers.CommandFor(e) is ICoalescingConsumer and IBaseCommand command)
            {
                firstOf ??= [];
                if (firstOf.TryGetValue(command, out var first))
                {
                    result[first] = result[first] with { AlsoConsumes = [.. result[first].AlsoConsumes, item.Id] };
                    continue;
                }
                firstOf[command] = result.Count;
            }
            result.Add(item);
        }
        return result;
    }

    /// <summary>The events that waited together are consumed in one batch: one transaction (docs/adr/0038-batched-processing.md). A
    /// consumer that acts outside the database (the switch asked to call) does so in an effect after that commit. A lone event is a batch
    /// too: on SQLite its reads then happen under the write lock, so a busy account cannot change between its read and its save (alone,
    /// a settlement read the account, queued for the lock behind the batches that each changed it, and lost all its retries).</summary>
    private async Task HandleTogetherAsync(List<Item> items, CancellationToken ct)
    {
        for (var start = 0; start < items.Count;)
        {
            var taken = 0;
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                var unitOfWork = scope.ServiceProvider.GetRequiredService<UnitOfWork>();
                await unitOfWork.RunBatchAsync(async token =>
                {
                    taken = 0;
                    while (start + taken < items.Count && (taken == 0 || !unitOfWork.BatchShouldEnd))
                        await HandleOneAsync(items[start + taken++], scope.ServiceProvider, token);
                }, options.Value.BatchTimeBudget, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                taken = Math.Max(taken, 1); // failed before its first event: that one alone, then on
                LogBatchFailed(ex, taken); // nothing of it was kept: each event on its own
                for (var i = start; i < start + taken; i++) await HandleOneAsync(items[i], batch: null, ct);
            }
            start += taken;
        }
    }

    /// <param name="batch">the services of the batch's scope; null: a scope and a commit of its own.</param>
    private async Task HandleOneAsync(Item item, IServiceProvider? batch, CancellationToken ct)
    {
        var (id, domainEvent, parent, hotPathStart, alsoConsumes) = item;
        using var hotPath = hotPathStart is { } start ? Telemetry.HotPath.Begin(start) : null;
        using var activity = Application.Common.Telemetry.SmsCallbackActivities.Source
            .StartActivity("outbox.consume", ActivityKind.Consumer, parent)?.SetTag("smscallback.outbox_id", id)
            .SetTag("smscallback.outbox_coalesced", alsoConsumes.Length > 0 ? alsoConsumes.Length : null);
        try
        {
            if (batch is not null)
            {
                await HandleAsync(batch, id, alsoConsumes, domainEvent, ct);
                batch.GetRequiredService<UnitOfWork>().EndCommand();
                return;
            }
            await using var scope = scopes.CreateAsyncScope();
            await HandleAsync(scope.ServiceProvider, id, alsoConsumes, domainEvent, ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            batch?.GetRequiredService<UnitOfWork>().AbandonCurrent();
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            LogFailed(ex, id, domainEvent?.GetType().Name);
        }
    }

    private async Task HandleAsync(IServiceProvider services, Guid id, Guid[] alsoConsumes, IDomainEvent? domainEvent, CancellationToken ct)
    {
        if (domainEvent is null)
        {
            var row = await services.GetRequiredService<AppDbContext>().OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
            if (row is null) return; // consumed meanwhile
            domainEvent = row.ToEvent();
        }
        using var logScope = domainEvent is Domain.Callbacks.ICallbackEvent e
            ? logger.BeginScope(new Dictionary<string, object> { ["CallbackId"] = e.CallbackId }) : null;
        services.GetRequiredService<OutboxConsumption>().MessageIds = [id, .. alsoConsumes];
        if (domainEvent is not null && DomainEventConsumers.CommandFor(domainEvent) is { } command)
            await services.GetRequiredService<ISender>().Send(command, ct);
        else
        {
            LogNoConsumer(id, domainEvent?.GetType().Name);
            await services.GetRequiredService<Application.Common.Interfaces.IUnitOfWork>().SaveChangesAsync(ct); // deletes the row
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A batch of {Count} domain events could not be committed; consuming them one by one")]
    private partial void LogBatchFailed(Exception ex, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Domain event {OutboxId} ({EventType}) failed; the outbox sweep hands it over again")]
    private partial void LogFailed(Exception ex, Guid outboxId, string? eventType);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Domain event {OutboxId} ({EventType}) has no consumer; removed")]
    private partial void LogNoConsumer(Guid outboxId, string? eventType);
}
