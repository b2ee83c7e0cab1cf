using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SmsCallback.Application.Common.Telemetry;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Telemetry;

/// <summary>Counts the domain facts where they become true: when the change that records them is committed. An SMS processed, a callback
/// stored or ended, a refusal written as an SMS's outcome, an outbound SMS sent or failed. A save that fails counts nothing, so a retried
/// or lost race is never counted twice.</summary>
public sealed class TelemetrySaveChangesInterceptor(SmsCallbackMetrics metrics) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<Action>> _pending = [];

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Collect(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Collect(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Flush(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Flush(eventData.Context);
        return result;
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Discard(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Discard(eventData.Context);
        return Task.CompletedTask;
    }

    private void Collect(DbContext? context)
    {
        if (context is null) return;
        var facts = new List<Action>();
        foreach (var entry in context.ChangeTracker.Entries())
        {
            switch (entry.Entity)
            {
                case InboundSms sms when entry.State == EntityState.Modified && Was(entry, nameof(InboundSms.Status), InboundSmsStatus.Pending)
                                         && sms.Status != InboundSmsStatus.Pending:
                    var (outcome, _) = Classify(sms.Outcome); // refusals are counted by the admission, for every origin
                    facts.Add(() => metrics.SmsProcessed(sms.Channel, outcome));
                    break;
                case Callback callback when entry.State == EntityState.Added:
                    facts.Add(() => metrics.CallbackStarted(callback.Origin));
                    if (callback.IsFinished) facts.Add(() => metrics.CallbackFinished(callback.Origin, callback.State, callback.FailureReason));
                    break;
                case Callback callback when entry.State == EntityState.Modified && callback.IsFinished
                                            && entry.Property(nameof(Callback.State)).OriginalValue is CallbackState before
                                            && before is not (CallbackState.Completed or CallbackState.Failed):
                    facts.Add(() => metrics.CallbackFinished(callback.Origin, callback.State, callback.FailureReason));
                    break;
                case OutboundSms sms when entry.State is EntityState.Modified or EntityState.Added
                                          && sms.Status is OutboundSmsStatus.Sent or OutboundSmsStatus.Failed or OutboundSmsStatus.AwaitingResult
                                          && (entry.State == EntityState.Added || !Was(entry, nameof(OutboundSms.Status), sms.Status)):
                    facts.Add(() => metrics.OutboundSms(sms.Channel, Snake(sms.Status.ToString())));
                    break;
            }
        }
        if (facts.Count > 0) _pending.AddOrUpdate(context, facts);
        else _pending.Remove(context);
    }

    private void Flush(DbContext? context)
    {
        if (context is null || !_pending.TryGetValue(context, out var facts)) return;
        _pending.Remove(context);
        foreach (var fact in facts) fact();
    }

    private void Discard(DbContext? context)
    {
        if (context is not null) _pending.Remove(context);
    }

    private static bool Was<T>(EntityEntry entry, string property, T value) => entry.Property(property).OriginalValue is T v && Equals(v, value);

    /// <summary>An SMS's outcome as a bounded label (<c>Refused: BlockedDestination</c> → <c>refused</c>, rule <c>BlockedDestination</c>).</summary>
    internal static (string Outcome, string? Rule) Classify(string? outcome)
    {
        if (string.IsNullOrWhiteSpace(outcome)) return ("unknown", null);
        var colon = outcome.IndexOf(':');
        var head = Snake(colon < 0 ? outcome : outcome[..colon]);
        var rule = head switch
        {
            "refused" => colon < 0 ? "Unknown" : outcome[(colon + 1)..].Trim(),
            "rate_limited" => "RateLimited",
            _ => null,
        };
        return (head.Length <= 40 ? head : head[..40], rule is { Length: > 40 } ? rule[..40] : rule);
    }

    /// <summary><c>Callback requested</c> → <c>callback_requested</c>, <c>AwaitingResult</c> → <c>awaiting_result</c>.</summary>
    internal static string Snake(string text)
    {
        var b = new StringBuilder(text.Length + 4);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiLetterOrDigit(c))
            {
                if (char.IsAsciiLetterUpper(c) && i > 0 && char.IsAsciiLetterLower(text[i - 1])) b.Append('_');
                b.Append(char.ToLowerInvariant(c));
            }
            else if (b.Length > 0 && b[^1] != '_') b.Append('_');
        }
        return b.ToString().Trim('_');
    }
}
