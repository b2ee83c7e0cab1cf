using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Infrastructure.Persistence.RateCounts;

/// <summary>How many callbacks one account, or one requester (a sender's number), asked for in one 10-second bucket
/// (docs/adr/0051-callback-rate-counts.md). A database trigger on <c>Callbacks</c> adds to it in the statement that inserts the callback,
/// whatever path inserted it; the per-sender and per-account limits sum the buckets of their window, so a limit costs the same whether
/// the account asked for ten callbacks in the last hour or a hundred thousand. Not a domain concept: a read model kept by the database.</summary>
internal sealed class CallbackRateCount
{
    /// <summary>A bucket's width: the window is counted in whole buckets, so a callback counts for up to this much longer than the window.</summary>
    public static readonly TimeSpan BucketWidth = TimeSpan.FromSeconds(10);

    /// <summary>Name of the trigger on <c>Callbacks</c> that keeps the counts (declared on the model so SQL Server's saves allow for it).</summary>
    public const string Trigger = "TR_Callbacks_RateCounts";

    /// <summary>"a:" and the account id in upper case, or "r:" and the requester's number.</summary>
    public string Scope { get; private set; } = "";

    /// <summary>UTC ticks ÷ the bucket's width in ticks.</summary>
    public long Bucket { get; private set; }

    public int Count { get; private set; }

    public static string AccountScope(Guid accountId) => "a:" + accountId.ToString().ToUpperInvariant();

    public static string RequesterScope(string requestedBy) => "r:" + requestedBy;

    public static long BucketOf(DateTimeOffset at) => at.UtcTicks / BucketWidth.Ticks;
}

internal sealed class CallbackRateCountConfiguration : IEntityTypeConfiguration<CallbackRateCount>
{
    public void Configure(EntityTypeBuilder<CallbackRateCount> b)
    {
        b.HasKey(c => new { c.Scope, c.Bucket });
        b.Property(c => c.Scope).HasMaxLength(2 + InboundSms.MaxAddressLength);
    }
}
