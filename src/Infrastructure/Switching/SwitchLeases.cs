using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Infrastructure.Persistence;

namespace SmsCallback.Infrastructure.Switching;

/// <summary>Who holds a switch's event connection, until when. One row per switch.</summary>
public sealed class SwitchLease
{
    public string Name { get; set; } = "";
    public string Holder { get; set; } = "";
    public DateTimeOffset ExpiresAt { get; set; }
}

/// <summary>A lease in the database so that, with several worker instances, exactly one holds a switch's event connection; when the holder
/// dies its lease expires and another instance takes over.</summary>
public sealed class SwitchLeases(IServiceScopeFactory scopes, TimeProvider clock)
{
    /// <returns>true when <paramref name="holder"/> holds the lease until now + <paramref name="duration"/> (taken or renewed).</returns>
    public async Task<bool> TryAcquireAsync(string name, string holder, TimeSpan duration, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var now = clock.GetUtcNow();
        var expires = now + duration;

        var updated = await db.SwitchLeases
            .Where(l => l.Name == name && (l.Holder == holder || l.ExpiresAt < now))
            .ExecuteUpdateAsync(s => s.SetProperty(l => l.Holder, holder).SetProperty(l => l.ExpiresAt, expires), ct);
        if (updated == 1) return true;
        if (await db.SwitchLeases.AnyAsync(l => l.Name == name, ct)) return false;

        db.SwitchLeases.Add(new SwitchLease { Name = name, Holder = holder, ExpiresAt = expires });
        try
        {
            await scope.ServiceProvider.GetRequiredService<IUnitOfWork>().SaveChangesAsync(ct);
            return true;
        }
        catch (UniqueConstraintException)
        {
            return false; // another instance created it first
        }
    }

    public async Task ReleaseAsync(string name, string holder, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AppDbContext>().SwitchLeases
            .Where(l => l.Name == name && l.Holder == holder).ExecuteDeleteAsync(ct);
    }
}
