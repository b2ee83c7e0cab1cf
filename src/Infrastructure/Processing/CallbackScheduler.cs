using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Callbacks;
using SmsCallback.Application.Callbacks.StartDueCallback;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Infrastructure.Persistence;

namespace SmsCallback.Infrastructure.Processing;

/// <summary>Rings scheduled callbacks when their time comes (docs/callback-policies.md): every <see cref="CallbackPolicyOptions.PollInterval"/>
/// it reads the callbacks in <c>Scheduled</c> whose stored due time has passed and starts each (<see cref="StartDueCallbackCommand"/>).
/// The due time is a column, so a restart loses nothing; the claim is the callback's state, so several instances may poll together and
/// each callback is still dialled once.</summary>
public sealed partial class CallbackScheduler(
    IServiceScopeFactory scopes, IOptions<CallbackPolicyOptions> options, TimeProvider clock, ILogger<CallbackScheduler> logger) : BackgroundService
{
    private const int Batch = 500;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await StartDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(ex);
            }
            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Starts every callback due now; returns how many this instance started.</summary>
    public async Task<int> StartDueAsync(CancellationToken ct)
    {
        IReadOnlyList<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
            due = await scope.ServiceProvider.GetRequiredService<IDueCallbacks>().ListDueIdsAsync(clock.GetUtcNow(), Batch, ct);
        var started = 0;
        foreach (var id in due)
        {
            await using var each = scopes.CreateAsyncScope();
            if (await each.ServiceProvider.GetRequiredService<ISender>().Send(new StartDueCallbackCommand(id), ct)) started++;
        }
        return started;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Callback scheduler round failed")]
    private partial void LogRoundFailed(Exception ex);
}

internal sealed class DueCallbacks(AppDbContext db) : IDueCallbacks
{
    public async Task<IReadOnlyList<Guid>> ListDueIdsAsync(DateTimeOffset now, int max, CancellationToken ct) =>
        await db.Callbacks.IgnoreAutoIncludes().AsNoTracking()
            .Where(c => c.State == CallbackState.Scheduled && c.DueAt <= now)
            .OrderBy(c => c.DueAt).Select(c => c.Id).Take(max).ToListAsync(ct);
}
