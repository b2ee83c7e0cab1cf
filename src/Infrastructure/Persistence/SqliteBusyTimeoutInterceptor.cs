using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SmsCallback.Infrastructure.Persistence;

/// <summary>Lets SQLite itself wait for the write lock (polling at a fine grain) instead of Microsoft.Data.Sqlite's coarse retry
/// loop, which sleeps about 150 ms per collision (measured by bench/load), and sets the connection's <c>synchronous</c> level
/// (<see cref="DatabaseOptions.Synchronous"/>; it is per connection, so a pooled connection gets it again on every open).
/// Runs once per connection open, one command.</summary>
internal sealed class SqliteBusyTimeoutInterceptor(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    private readonly string _pragma = $"PRAGMA busy_timeout = 10000; PRAGMA synchronous = {synchronous.ToString().ToUpperInvariant()};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
