using System.ComponentModel;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Domain.Sms;
using SmsCallback.Infrastructure.Persistence;

namespace SmsCallback.Infrastructure.Jobs;

/// <summary><c>Retention</c>: how long SMS texts are kept.</summary>
public sealed class RetentionOptions
{
    public const string Section = "Retention";

    /// <summary>Inbox and outbox texts older than this are blanked (the rows stay: ids, numbers, times, outcomes, so dedupe and history hold).</summary>
    public TimeSpan SmsTexts { get; set; } = TimeSpan.FromDays(90);

    /// <summary>When the purge runs (cron, UTC).</summary>
    public string Schedule { get; set; } = "17 3 * * *";
}

/// <summary>Blanks the texts of inbox and outbox SMS older than <see cref="RetentionOptions.SmsTexts"/>, in one statement per table.
/// Idempotent: a second run finds nothing. An inbound SMS still waiting for processing and an outbound one not yet sent keep their texts.</summary>
public sealed partial class SmsTextRetentionJob(AppDbContext db, IOptions<RetentionOptions> options, TimeProvider clock,
    ILogger<SmsTextRetentionJob> logger)
{
    public const string Id = "sms-text-retention";

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 60)]
    [DisplayName("Purge SMS texts past their retention")]
    public async Task RunAsync(CancellationToken ct)
    {
        var before = clock.GetUtcNow() - options.Value.SmsTexts;
        var inbound = await db.InboundSms
            .Where(s => s.StoredAt < before && s.Status != InboundSmsStatus.Pending && (s.Text != "" || s.ProtectedText != null))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Text, "").SetProperty(s => s.ProtectedText, (string?)null), ct);
        var outbound = await db.OutboundSms
            .Where(s => s.CreatedAt < before && s.Text != ""
                        && (s.Status == OutboundSmsStatus.Sent || s.Status == OutboundSmsStatus.Failed))
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.Text, ""), ct);
        if (inbound + outbound > 0) LogPurged(inbound, outbound, options.Value.SmsTexts.TotalDays);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Blanked the texts of {Inbound} inbound and {Outbound} outbound SMS older than {Days} days")]
    private partial void LogPurged(int inbound, int outbound, double days);
}
