using BenchmarkDotNet.Attributes;
using SmsCallback.Application.Common.Phones;

namespace SmsCallback.Benchmarks;

/// <summary><see cref="PhoneNumberNormalizer.TryNormalize"/> (libphonenumber) on the forms people type. Processing one SMS
/// normalises the sender and the destination, so this runs at least twice per callback.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 8)]
public class PhoneNumberBenchmarks
{
    private readonly PhoneNumberNormalizer _normalizer = new("PL");

    [Params("48774417880", "+48774417880", "0048774417880", "774417880", "12345678", "not-a-number")]
    public string Input { get; set; } = "";

    [Benchmark]
    public bool TryNormalize() => _normalizer.TryNormalize(Input, out _);
}
