namespace SmsCallback.Infrastructure.Persistence;

public enum DatabaseProvider { Sqlite, SqlServer }

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply migrations at start-up. Always on for SQLite; for SQL Server operators usually run the idempotent script instead.</summary>
    public bool MigrateOnStart { get; set; }

    /// <summary>SQLite <c>synchronous</c> (WAL mode) for ordinary work: a hard kill loses nothing at either level; a power cut at Normal
    /// may lose the last commits since the previous fsync (docs/adr/0036-sqlite-synchronous.md).</summary>
    public SqliteSynchronous Synchronous { get; set; } = SqliteSynchronous.Normal;

    /// <summary>SQLite <c>synchronous</c> of the inbox writer's connection: Full, so an acknowledged SMS survives a power cut (the fsync
    /// is paid once per batch).</summary>
    public SqliteSynchronous InboxSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>At most this many SMS per inbox transaction (docs/adr/0037-group-committed-inbox.md).</summary>
    public int InboxMaxBatch { get; set; } = 512;
}

/// <summary>SQLite's <c>PRAGMA synchronous</c> levels that make sense in WAL mode.</summary>
public enum SqliteSynchronous { Normal = 1, Full = 2, Extra = 3 }

public static class ConnectionStringDefaults
{
    public const string App = "Data Source=data/smscallback.db";
    public const string Jobs = "data/jobs.db";
}
