using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Common;

/// <summary>The retry of optimistic concurrency: a save that lost a race to another writer (the account's credit, a callback's state)
/// saved nothing and cleared what it had read, so the whole attempt runs again against fresh rows.</summary>
public static class OptimisticConcurrency
{
    public const int MaxAttempts = 10;

    public static async Task<T> RetryAsync<T>(Func<Task<T>> attempt)
    {
        for (var i = 1; ; i++)
        {
            try
            {
                return await attempt();
            }
            catch (ConcurrencyConflictException) when (i < MaxAttempts)
            {
            }
        }
    }
}
