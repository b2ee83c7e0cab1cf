using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace SmsCallback.Infrastructure.Persistence;

/// <summary>Lets SQLite itself wait for the write lock (polling at a fine grain) instead of Microsoft.Data.Sqlite's coarse retry
/// loop, which sleeps about 150 ms per collision (measured by bench/load). Runs once per connection open.</summary>
internal sealed class SqliteBusyTimeoutInterceptor : DbConnectionInterceptor
{
    private const string Pragma = "PRAGMA busy_timeout = 10000;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
