using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Telemetry;
using SmsCallback.Domain.Sms;
using SmsCallback.Infrastructure.Persistence;

namespace SmsCallback.Infrastructure.Operations;

internal static class HealthItems
{
    private const string Key = HealthItem.DataKey;

    public static HealthCheckResult Result(IReadOnlyList<HealthItem> items, string empty)
    {
        if (items.Count == 0) return HealthCheckResult.Healthy(empty, new Dictionary<string, object> { [Key] = items });
        var worst = items.Min(i => i.Status); // Unhealthy < Degraded < Healthy
        var summary = string.Join("; ", items.Where(i => i.Status == worst).Select(i => $"{i.Name}: {i.Reason}"));
        return new HealthCheckResult(worst, summary, data: new Dictionary<string, object> { [Key] = items });
    }

    public static string Ago(TimeSpan t) => t.TotalSeconds < 120 ? $"{t.TotalSeconds:F0} s" : t.TotalMinutes < 120 ? $"{t.TotalMinutes:F0} min" : $"{t.TotalHours:F1} h";
}

/// <summary>Each switch the platform uses: Unhealthy while its event connection is down (or its last request failed), with why and since when.</summary>
public sealed class SwitchHealthCheck(IOperationsReadings readings, TimeProvider clock) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(HealthItems.Result([.. readings.Switches().Select(s => new HealthItem($"switch:{s.Name}",
            s.Up ? HealthStatus.Healthy : HealthStatus.Unhealthy,
            (s.Up ? "up" : "down") + $" for {HealthItems.Ago(clock.GetUtcNow() - s.Since)}: {s.Reason}"))], "no switch"));
}

/// <summary>Each SMS forwarder: Degraded when it has not reached the platform for <see cref="OperationsOptions.ForwarderSilentAfter"/>.</summary>
public sealed class ForwardersHealthCheck(IOperationsReadings readings, IOptions<OperationsOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var limit = options.Value.ForwarderSilentAfter;
        var snapshot = await readings.FreshSnapshotAsync(cancellationToken);
        return HealthItems.Result([.. snapshot.Forwarders.Select(f => f.SilentFor switch
        {
            null => new HealthItem($"forwarder:{f.Name}", HealthStatus.Degraded, "never reached the platform"),
            { } silent when silent >= limit => new HealthItem($"forwarder:{f.Name}", HealthStatus.Degraded,
                $"silent for {HealthItems.Ago(silent)} (last contact {f.LastContactAt:u}; limit {HealthItems.Ago(limit)})"),
            { } silent => new HealthItem($"forwarder:{f.Name}", HealthStatus.Healthy, $"last contact {HealthItems.Ago(silent)} ago"),
        })], "no forwarder registered");
    }
}

/// <summary>The inbox: Degraded when SMS wait longer than <see cref="OperationsOptions.InboxBacklogAge"/> or more than
/// <see cref="OperationsOptions.InboxBacklogCount"/> wait.</summary>
public sealed class InboxHealthCheck(IOperationsReadings readings, IOptions<OperationsOptions> options) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var o = options.Value;
        var s = await readings.FreshSnapshotAsync(cancellationToken);
        var what = s.InboxPending == 0 ? "no SMS waiting"
            : $"{s.InboxPending} SMS waiting, the oldest for {HealthItems.Ago(s.OldestPendingAge ?? TimeSpan.Zero)}";
        return s.InboxPending >= o.InboxBacklogCount || s.OldestPendingAge >= o.InboxBacklogAge
            ? HealthCheckResult.Degraded($"backlog: {what}")
            : HealthCheckResult.Healthy(what);
    }
}

/// <summary>Each access number: when a reply last left through it, and Degraded when the sends since then failed (the carrier refuses).</summary>
public sealed class AccessNumbersHealthCheck(AppDbContext db, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan Window = TimeSpan.FromDays(7);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var since = now - Window;
        var items = new List<HealthItem>();
        foreach (var number in await db.AccessNumbers.AsNoTracking().OrderBy(a => a.Number).Select(a => new { a.Number, a.NumberKey, a.Channel }).ToListAsync(ct))
        {
            // Replies leave from the number the customer texted, spelt as the carrier spelt it.
            string[] spellings = [number.Number, number.NumberKey, "+" + number.NumberKey, "00" + number.NumberKey];
            var recent = db.OutboundSms.AsNoTracking().Where(o => o.CreatedAt >= since && o.From != null && spellings.Contains(o.From));
            var lastSent = await recent.Where(o => o.Status == OutboundSmsStatus.Sent).OrderByDescending(o => o.SentAt)
                .Select(o => o.SentAt).FirstOrDefaultAsync(ct);
            var failed = recent.Where(o => o.Status == OutboundSmsStatus.Failed);
            if (lastSent is { } sent) failed = failed.Where(o => o.CreatedAt > sent);
            var failures = await failed.CountAsync(ct);
            var lastError = failures == 0 ? null : await failed.OrderByDescending(o => o.CreatedAt).Select(o => o.Error).FirstOrDefaultAsync(ct);
            var name = $"access-number:{number.Number} ({number.Channel})";
            items.Add(failures > 0
                ? new HealthItem(name, HealthStatus.Degraded, (lastSent is { } s ? $"last successful send {HealthItems.Ago(now - s)} ago" : "no successful send in 7 days")
                    + $"; {failures} failed since; last error: {Clip(lastError)}")
                : new HealthItem(name, HealthStatus.Healthy, lastSent is { } ok ? $"last successful send {HealthItems.Ago(now - ok)} ago" : "no reply sent in 7 days"));
        }
        return HealthItems.Result(items, "no access number registered");
    }

    private static string Clip(string? s) => s is null ? "unknown" : s.Length <= 200 ? s : s[..200];
}
