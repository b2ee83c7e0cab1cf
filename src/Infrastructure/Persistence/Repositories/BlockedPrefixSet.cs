using Microsoft.EntityFrameworkCore;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Billing;

namespace SmsCallback.Infrastructure.Persistence.Repositories;

/// <summary>The blocked prefixes as this instance sees them: the whole table (an operator's list, short) kept as a
/// <see cref="RefreshedCopy{T}"/> instead of one query per number checked (three per SMS callback: both legs and the reply).</summary>
internal sealed class BlockedPrefixSet
{
    public static readonly TimeSpan RefreshInterval = RefreshedCopy<HashSet<string>>.RefreshInterval;

    private readonly RefreshedCopy<HashSet<string>> _copy = new();

    public async Task<bool> AnyPrefixOfAsync(AppDbContext db, string e164Number, CancellationToken ct)
    {
        var prefixes = await _copy.GetAsync(async token => [.. await db.BlockedPrefixes.AsNoTracking().Select(p => p.Prefix).ToListAsync(token)], ct);
        if (prefixes.Count == 0) return false;
        var digits = Prefixes.Digits(e164Number);
        for (var n = Math.Min(digits.Length, Prefixes.MaxLength); n >= 1; n--)
            if (prefixes.Contains(digits[..n])) return true;
        return false;
    }

    public void InvalidateAtCommit(IUnitOfWork unitOfWork) => _copy.InvalidateAtCommit(unitOfWork);
}
