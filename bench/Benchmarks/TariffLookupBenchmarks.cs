using BenchmarkDotNet.Attributes;
using SmsCallback.Domain.Billing;
using SmsCallback.Infrastructure.Billing;

namespace SmsCallback.Benchmarks;

/// <summary>The rate look-up of every call leg: <see cref="TariffPrefixIndex.Find"/> (the longest of a 100 000-prefix tariff's prefixes that
/// starts an E.164 number, probing 15 → 1 digits) against one exact-match <c>Dictionary&lt;string, Rate&gt;</c> look-up of a prefix (the
/// baseline: the least any hash-based rating could cost). Each invocation looks up <see cref="Lookups"/> different numbers.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 8)]
public class TariffLookupBenchmarks
{
    public const int Prefixes = 100_000;
    public const int Lookups = 4096;

    private TariffPrefixIndex _index = null!;
    private Dictionary<string, Rate> _exact = null!;
    private string[] _numbers = null!;
    private string[] _prefixes = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(2026);
        var prefixes = new HashSet<string>(StringComparer.Ordinal);
        while (prefixes.Count < Prefixes) // realistic shapes: a country code's first digit, then 0 to 7 more digits
            prefixes.Add(random.Next(1, 10) + random.Next(1_000_000, 10_000_000).ToString()[..random.Next(0, 8)]);
        var tariffId = Guid.CreateVersion7();
        var rates = prefixes.Select(p => TariffRate.Create(tariffId, p, "zone " + p, random.Next(1, 500) / 100m, 0m, 0, 1)).ToList();
        _index = new TariffPrefixIndex(tariffId, "EUR", 1, rates);
        _exact = rates.ToDictionary(r => r.Prefix, r => r.ToRate(), StringComparer.Ordinal);

        var all = prefixes.ToArray();
        _prefixes = new string[Lookups];
        _numbers = new string[Lookups];
        for (var i = 0; i < Lookups; i++)
        {
            var prefix = all[random.Next(all.Length)];
            _prefixes[i] = prefix;
            var digits = random.Next(10, 13); // E.164 numbers of 10 to 12 digits that start with a tariff prefix
            _numbers[i] = "+" + prefix + string.Concat(Enumerable.Range(0, Math.Max(0, digits - prefix.Length)).Select(_ => (char)('0' + random.Next(10))));
        }
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Lookups)]
    public decimal ExactDictionary()
    {
        var sum = 0m;
        foreach (var prefix in _prefixes)
            if (_exact.TryGetValue(prefix, out var rate)) sum += rate.PricePerMinute;
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Lookups)]
    public decimal LongestPrefix()
    {
        var sum = 0m;
        foreach (var number in _numbers)
            if (_index.Find(number) is { } match) sum += match.Rate.PricePerMinute;
        return sum;
    }
}
