using SmsCallback.Domain.Billing;

namespace SmsCallback.Infrastructure.Billing;

/// <summary>One tariff's rates in memory, for longest-prefix look-ups: a hash map keyed by prefix, probed with the number's first 15, 14, …, 1
/// digits through a span look-up, so a look-up makes at most 15 hash probes and allocates nothing. Immutable once built; a changed tariff
/// gets a new index (docs/adr/0011-tariff-prefix-index.md).</summary>
public sealed class TariffPrefixIndex
{
    private readonly Dictionary<string, TariffRateMatch> _byPrefix;
    private readonly Dictionary<string, TariffRateMatch>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly int _longest;

    public TariffPrefixIndex(Guid tariffId, string currency, long version, IEnumerable<TariffRate> rates)
    {
        TariffId = tariffId;
        Currency = currency;
        Version = version;
        _byPrefix = new Dictionary<string, TariffRateMatch>(StringComparer.Ordinal);
        foreach (var r in rates)
        {
            _byPrefix[r.Prefix] = new TariffRateMatch(tariffId, currency, r.Prefix, r.Description, r.ToRate());
            _longest = Math.Max(_longest, r.Prefix.Length);
        }
        _lookup = _byPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public Guid TariffId { get; }
    public string Currency { get; }
    public long Version { get; }
    public int Count => _byPrefix.Count;

    /// <summary>The rate of the longest prefix that starts <paramref name="number"/> (E.164, with or without '+'), or null.</summary>
    public TariffRateMatch? Find(ReadOnlySpan<char> number)
    {
        if (number.StartsWith('+')) number = number[1..];
        for (var length = Math.Min(number.Length, _longest); length > 0; length--)
            if (_lookup.TryGetValue(number[..length], out var match)) return match;
        return null;
    }
}
