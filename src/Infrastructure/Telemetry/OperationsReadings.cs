using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Telemetry;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Sms;
using SmsCallback.Infrastructure.Operations;
using SmsCallback.Infrastructure.Persistence;

namespace SmsCallback.Infrastructure.Telemetry;

/// <summary>The gauges' view of the database: a handful of indexed counts, taken at most every <see cref="OperationsOptions.SnapshotInterval"/>
/// and only when a scrape or the detailed health asks, on its own scope, never on the hot path.</summary>
public sealed partial class OperationsReadings(
    IServiceScopeFactory scopes, SwitchConnectionStatus switches, IOptions<OperationsOptions> options, TimeProvider clock,
    Persistence.Inbox.LandingFile landing, ILogger<OperationsReadings> logger) : IOperationsReadings
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private volatile OperationsSnapshot _current = OperationsSnapshot.Empty;

    public OperationsSnapshot Snapshot()
    {
        var current = _current;
        if (!IsStale(current)) return current;
        var refresh = Task.Run(() => RefreshAsync(CancellationToken.None));
        // The first reading waits a little for the database, so a scrape right after start-up does not report zeros.
        if (current == OperationsSnapshot.Empty) refresh.Wait(TimeSpan.FromSeconds(2));
        return _current;
    }

    public async Task<OperationsSnapshot> FreshSnapshotAsync(CancellationToken ct)
    {
        if (IsStale(_current)) await RefreshAsync(ct);
        return _current;
    }

    public IReadOnlyList<SwitchConnection> Switches() => switches.Snapshot();

    private bool IsStale(OperationsSnapshot s) => clock.GetUtcNow() - s.TakenAt >= options.Value.SnapshotInterval;

    private async Task RefreshAsync(CancellationToken ct)
    {
        if (!await _refreshing.WaitAsync(0, ct)) // someone is taking it: wait for theirs
        {
            await _refreshing.WaitAsync(ct);
            _refreshing.Release();
            return;
        }
        try
        {
            if (!IsStale(_current)) return;
            await using var scope = scopes.CreateAsyncScope();
            _current = await ReadAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogFailed(ex); // the gauges keep the last snapshot; the database health check says what is wrong
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task<OperationsSnapshot> ReadAsync(AppDbContext db, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var pending = db.InboundSms.AsNoTracking().Where(s => s.Status == InboundSmsStatus.Pending);
        var pendingCount = await pending.CountAsync(ct);
        var oldest = pendingCount == 0 ? null : await pending.OrderBy(s => s.StoredAt).Select(s => (DateTimeOffset?)s.StoredAt).FirstOrDefaultAsync(ct);
        var (landed, oldestLanded) = landing.ReadBacklog(); // acknowledged, not yet moved into InboundSms (ADR 0055)
        pendingCount += landed;
        if (oldestLanded < oldest || oldest is null) oldest = oldestLanded;

        // by seeks in the (State, …) index: the callbacks in progress, not the whole history at every reading
        var active = db.Callbacks.AsNoTracking().Where(c => EF.Constant(CallbackStates.InProgress).Contains(c.State));
        var activeCount = await active.CountAsync(ct);
        var legs = activeCount == 0 ? 0
            : await (from c in active join l in db.CallLegs on c.Id equals l.CallbackId where l.State != LegState.Ended select l.Id).CountAsync(ct);
        // What active callbacks hold (SQLite cannot sum decimals: the few rows are summed here).
        var held = activeCount == 0 ? []
            : await (from c in active join a in db.Accounts on c.AccountId equals a.Id select new { a.Currency, c.Reserved }).ToListAsync(ct);

        var lots = await db.CredentialLots.AsNoTracking().Where(l => l.State == LotState.Pending || l.State == LotState.Running)
            .Select(l => new { l.Id, l.Requested, l.Generated }).ToListAsync(ct);
        var forwarders = await db.Forwarders.AsNoTracking().OrderBy(f => f.Name).Select(f => new { f.Name, f.LastContactAt }).ToListAsync(ct);

        return new OperationsSnapshot(now, pendingCount, oldest is { } o ? Max(now - o) : null, activeCount, legs,
            [.. held.GroupBy(h => h.Currency).Select(g => new CurrencyAmount(g.Key, g.Sum(h => h.Reserved)))],
            [.. lots.Select(l => new LotProgress(l.Id.ToString(), l.Requested == 0 ? 1 : Math.Clamp((double)l.Generated / l.Requested, 0, 1)))],
            [.. forwarders.Select(f => new ForwarderContact(f.Name, f.LastContactAt, f.LastContactAt is { } at ? Max(now - at) : null))]);
    }

    private static TimeSpan Max(TimeSpan t) => t < TimeSpan.Zero ? TimeSpan.Zero : t;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the operations snapshot (gauges) failed")]
    private partial void LogFailed(Exception ex);
}
