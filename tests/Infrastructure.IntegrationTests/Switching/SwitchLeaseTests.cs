using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Infrastructure.Persistence;
using SmsCallback.Infrastructure.Persistence.Repositories;
using SmsCallback.Infrastructure.Switching;

namespace SmsCallback.Infrastructure.IntegrationTests.Switching;

/// <summary>Two instances on one database: exactly one holds a switch's event connection, and the other takes over when it dies.</summary>
public sealed class SwitchLeaseTests : IDisposable
{
    private static readonly TimeSpan Duration = TimeSpan.FromSeconds(30);
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"smscallback-lease-{Guid.NewGuid():N}.db");
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));

    private SwitchLeases Instance()
    {
        var services = new ServiceCollection();
        services.AddDbContext<AppDbContext, SqliteAppDbContext>(o => o.UseSqlite($"Data Source={_file}"));
        services.AddScoped<IUnitOfWork, UnitOfWork>().AddScoped<OutboxConsumption>().AddSingleton<SmsCallback.Infrastructure.Processing.OutboxQueue>()
            .AddSingleton<SqliteWriteGate>() // one per provider: each instance here stands for a process of its own
            .AddSingleton<TimeProvider>(_clock).AddLogging();
        var provider = services.BuildServiceProvider();
        using (var scope = provider.CreateScope()) scope.ServiceProvider.GetRequiredService<AppDbContext>().Database.Migrate();
        return new SwitchLeases(provider.GetRequiredService<IServiceScopeFactory>(), _clock);
    }

    [Fact]
    public async Task Only_one_instance_holds_the_lease_and_another_takes_over_when_it_stops_renewing()
    {
        var first = Instance();
        var second = Instance();

        Assert.True(await first.TryAcquireAsync("switch:asterisk", "first", Duration, default));
        Assert.False(await second.TryAcquireAsync("switch:asterisk", "second", Duration, default));

        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True(await first.TryAcquireAsync("switch:asterisk", "first", Duration, default)); // renewed
        _clock.Advance(TimeSpan.FromSeconds(25));
        Assert.False(await second.TryAcquireAsync("switch:asterisk", "second", Duration, default)); // the renewal still holds

        _clock.Advance(TimeSpan.FromSeconds(10)); // the first instance died: no renewal for 35 s
        Assert.True(await second.TryAcquireAsync("switch:asterisk", "second", Duration, default));
        Assert.False(await first.TryAcquireAsync("switch:asterisk", "first", Duration, default)); // and it cannot take it back
    }

    [Fact]
    public async Task Concurrent_first_acquisitions_have_one_winner()
    {
        var instances = Enumerable.Range(0, 6).Select(_ => Instance()).ToArray();

        var results = await Task.WhenAll(instances.Select((l, i) => l.TryAcquireAsync("switch:asterisk", $"i{i}", Duration, default)));

        Assert.Equal(1, results.Count(r => r));
    }

    [Fact]
    public async Task A_released_lease_is_free_at_once()
    {
        var first = Instance();
        var second = Instance();
        await first.TryAcquireAsync("switch:asterisk", "first", Duration, default);

        await first.ReleaseAsync("switch:asterisk", "first", default);

        Assert.True(await second.TryAcquireAsync("switch:asterisk", "second", Duration, default));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_file);
    }
}
