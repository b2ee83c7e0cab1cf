using Mediator;
using Microsoft.Extensions.Logging;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Common.Behaviours;

/// <summary>A command whose whole handler may run again when its save loses a race (<see cref="ConcurrencyConflictException"/>, or a
/// <see cref="UniqueConstraintException"/> another writer caused): on the next attempt it reads fresh rows and decides again, so it must
/// hold no state outside the database between attempts.</summary>
public interface IRetryOnConflict;

/// <summary>The one retry policy for lost races (docs/adr/0026-one-unit-of-work-per-command.md): attempts and a jittered exponential back-off.</summary>
public static class ConflictRetryPolicy
{
    public const int MaxAttempts = 10;
    private static readonly TimeSpan BaseDelay = TimeSpan.FromMilliseconds(2);
    private static readonly TimeSpan MaxDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>"Full jitter": a random wait up to base·2^(attempt−1), capped, so racing writers do not collide again in step.</summary>
    public static TimeSpan DelayBefore(int nextAttempt)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, nextAttempt - 2));
        return TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling);
    }
}

/// <summary>One unit of work per command: the handler changes state, this saves it once afterwards (the aggregates' events with it), and a
/// command marked <see cref="IRetryOnConflict"/> runs again as a whole when that save loses a race. A conflict on any other command reaches
/// the caller as <see cref="ConcurrencyConflictException"/> (409 at the API). Queries are not saved.</summary>
public sealed partial class UnitOfWorkBehaviour<TMessage, TResponse>(IUnitOfWork unitOfWork, ILogger<UnitOfWorkBehaviour<TMessage, TResponse>> logger)
    : IPipelineBehavior<TMessage, TResponse> where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        if (message is not IBaseCommand) return await next(message, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var response = await next(message, cancellationToken);
                await unitOfWork.SaveChangesAsync(cancellationToken);
                return response;
            }
            catch (Exception ex) when (ex is ConcurrencyConflictException or UniqueConstraintException
                                       && message is IRetryOnConflict && attempt < ConflictRetryPolicy.MaxAttempts)
            {
                LogRetry(typeof(TMessage).Name, attempt, ex.GetType().Name);
                await Task.Delay(ConflictRetryPolicy.DelayBefore(attempt + 1), cancellationToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Message} lost a race on attempt {Attempt} ({Conflict}); running it again on fresh rows")]
    private partial void LogRetry(string message, int attempt, string conflict);
}
