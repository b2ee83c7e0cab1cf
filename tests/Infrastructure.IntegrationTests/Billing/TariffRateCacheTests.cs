using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmsCallback.Domain.Billing;
using SmsCallback.Infrastructure.Billing;
using SmsCallback.Infrastructure.Persistence;
using SmsCallback.Infrastructure.Persistence.Repositories;
using Xunit.Abstractions;

namespace SmsCallback.Infrastructure.IntegrationTests.Billing;

/// <summary>The tariff rate index on a real SQLite file through EF Core: longest prefix, the default tariff, versions seen across instances,
/// currencies kept apart, and the batched rate writes.</summary>
public sealed class TariffRateCacheTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 10, 0, 0, TimeSpan.Zero);
    private TestDatabase _database = null!;
    private ServiceProvider _services = null!;
    private readonly FakeTimeProvider _clock = new(Now);

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("sqlite");
        _services = new ServiceCollection().AddScoped<AppDbContext>(_ => _database.NewContext()).BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        await _database.DisposeAsync();
    }

    /// <summary>A rate index as one instance holds it.</summary>
    private TariffRateCache NewInstance() => new(_services.GetRequiredService<IServiceScopeFactory>(), _clock);

    private async Task<Tariff> AddTariffAsync(string name, string currency, bool isDefault, params (string Prefix, decimal Price)[] rates)
    {
        await using var db = _database.NewContext();
        var tariff = Tariff.Create(name, currency, Now);
        if (isDefault) tariff.MarkDefault(true, Now);
        db.Tariffs.Add(tariff);
        db.TariffRates.AddRange(rates.Select(r => TariffRate.Create(tariff.Id, r.Prefix, $"to {r.Prefix}", r.Price, 0m, 0, 1)));
        await db.SaveChangesAsync();
        return tariff;
    }

    private async Task WriteAsync(Guid tariffId, bool replaceAll, params (string Prefix, decimal Price)[] rates)
    {
        await using var db = _database.NewContext();
        Assert.True(await new TariffRepository(db).WriteRatesAsync(tariffId,
            [.. rates.Select(r => TariffRate.Create(tariffId, r.Prefix, "", r.Price, 0m, 0, 1))], replaceAll, Now, default));
    }

    [Fact]
    public async Task The_longest_matching_prefix_wins()
    {
        var tariff = await AddTariffAsync("Retail", "EUR", false, ("4", 0.4m), ("48", 0.48m), ("4860", 0.486m), ("486003", 0.486003m), ("1", 0.01m));
        var rates = NewInstance();

        Assert.Equal("486003", (await rates.FindAsync(tariff.Id, "+48600316058", default))!.Prefix);
        Assert.Equal("486003", (await rates.FindAsync(tariff.Id, "48600316058", default))!.Prefix); // with or without '+'
        Assert.Equal("4860", (await rates.FindAsync(tariff.Id, "+48601000000", default))!.Prefix);
        Assert.Equal("48", (await rates.FindAsync(tariff.Id, "+48774417880", default))!.Prefix);
        Assert.Equal("4", (await rates.FindAsync(tariff.Id, "+4930123456", default))!.Prefix);
        var match = (await rates.FindAsync(tariff.Id, "+48600316058", default))!;
        Assert.Equal((tariff.Id, "EUR", "to 486003", 0.486003m), (match.TariffId, match.Currency, match.Description, match.Rate.PricePerMinute));
    }

    [Fact]
    public async Task No_matching_prefix_or_no_such_tariff_is_null()
    {
        var tariff = await AddTariffAsync("Poland only", "PLN", false, ("48", 0.1m));
        var rates = NewInstance();

        Assert.Null(await rates.FindAsync(tariff.Id, "+4930123456", default));
        Assert.Null(await rates.FindAsync(tariff.Id, "", default));
        Assert.Null(await rates.FindAsync(Guid.NewGuid(), "+48600316058", default));
        Assert.Null(await rates.FindAsync(null, "+48600316058", default)); // no default tariff yet
    }

    [Fact]
    public async Task A_null_tariff_is_rated_on_the_default()
    {
        await AddTariffAsync("Other", "EUR", false, ("48", 9m));
        var standard = await AddTariffAsync("Standard", "EUR", true, ("48", 0.05m));

        var match = await NewInstance().FindAsync(null, "+48600316058", default);

        Assert.Equal(standard.Id, match!.TariffId);
        Assert.Equal(0.05m, match.Rate.PricePerMinute);
    }

    [Fact]
    public async Task Another_instance_s_change_is_seen_through_the_version_and_an_own_change_at_once()
    {
        var tariff = await AddTariffAsync("Retail", "EUR", false, ("48", 0.10m));
        var rates = NewInstance();
        Assert.Equal(0.10m, (await rates.FindAsync(tariff.Id, "+48600316058", default))!.Rate.PricePerMinute);

        await WriteAsync(tariff.Id, replaceAll: false, ("48", 0.20m), ("486", 0.30m)); // another instance imports
        Assert.Equal(0.10m, (await rates.FindAsync(tariff.Id, "+48600316058", default))!.Rate.PricePerMinute); // trusted for up to a second
        _clock.Advance(TariffRateCache.VersionCheckInterval + TimeSpan.FromMilliseconds(1));
        var changed = await rates.FindAsync(tariff.Id, "+48600316058", default);
        Assert.Equal(("486", 0.30m), (changed!.Prefix, changed.Rate.PricePerMinute));

        await WriteAsync(tariff.Id, replaceAll: true, ("48", 0.40m)); // this instance, which invalidates its own index
        rates.Invalidate(tariff.Id);
        var replaced = await rates.FindAsync(tariff.Id, "+48600316058", default);
        Assert.Equal(("48", 0.40m), (replaced!.Prefix, replaced.Rate.PricePerMinute));
    }

    [Fact]
    public async Task An_unchanged_version_keeps_the_index()
    {
        var tariff = await AddTariffAsync("Retail", "EUR", false, ("48", 0.10m));
        var rates = NewInstance();
        var first = await rates.IndexAsync(tariff.Id, default);
        _clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Same(first, await rates.IndexAsync(tariff.Id, default));
    }

    [Fact]
    public async Task Two_tariffs_in_different_currencies_are_kept_apart()
    {
        var euro = await AddTariffAsync("Euro", "EUR", true, ("48", 0.05m));
        var zloty = await AddTariffAsync("Zloty", "PLN", false, ("48", 0.21m));
        var rates = NewInstance();

        var inEuro = await rates.FindAsync(euro.Id, "+48600316058", default);
        var inZloty = await rates.FindAsync(zloty.Id, "+48600316058", default);

        Assert.Equal((euro.Id, "EUR", 0.05m), (inEuro!.TariffId, inEuro.Currency, inEuro.Rate.PricePerMinute));
        Assert.Equal((zloty.Id, "PLN", 0.21m), (inZloty!.TariffId, inZloty.Currency, inZloty.Rate.PricePerMinute));
    }

    [Fact]
    public async Task Replace_drops_the_prefixes_the_file_lacks_and_merge_keeps_them()
    {
        var tariff = await AddTariffAsync("Retail", "EUR", false, ("1", 0.01m), ("48", 0.10m));
        var rates = NewInstance();

        await WriteAsync(tariff.Id, replaceAll: false, ("48", 0.11m), ("49", 0.12m));
        var merged = await rates.IndexAsync(tariff.Id, default);
        await WriteAsync(tariff.Id, replaceAll: true, ("44", 0.20m));
        rates.Invalidate(tariff.Id);
        var replaced = await rates.IndexAsync(tariff.Id, default);

        Assert.Equal(3, merged!.Count);
        Assert.Equal(0.11m, merged.Find("48600")!.Rate.PricePerMinute);
        Assert.Equal(1, replaced!.Count);
        Assert.Null(replaced.Find("48600"));
        Assert.True(replaced.Version > merged.Version);
    }

    [Fact]
    public async Task A_hundred_thousand_rates_are_written_and_indexed_in_seconds()
    {
        var tariff = await AddTariffAsync("Wholesale", "USD", false);
        var random = new Random(42);
        var prefixes = new HashSet<string>();
        while (prefixes.Count < 100_000) prefixes.Add(random.Next(1, 10) + random.Next(1_000_000, 10_000_000).ToString()[..random.Next(0, 8)]);
        var rows = prefixes.Select(p => TariffRate.Create(tariff.Id, p, "zone " + p, 0.0123m, 0.01m, 0, 1)).ToList();

        var watch = Stopwatch.StartNew();
        await using (var db = _database.NewContext())
            Assert.True(await new TariffRepository(db).WriteRatesAsync(tariff.Id, rows, replaceAll: true, Now, default));
        var written = watch.Elapsed;
        var index = await NewInstance().IndexAsync(tariff.Id, default);
        output.WriteLine($"100 000 rates written in {written.TotalMilliseconds:F0} ms, indexed in {(watch.Elapsed - written).TotalMilliseconds:F0} ms");

        Assert.Equal(100_000, index!.Count);
        Assert.Equal(0.0123m, index.Find(rows[^1].Prefix + "123")!.Rate.PricePerMinute);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}"); // a few seconds on a quiet machine; CI is shared
    }
}
