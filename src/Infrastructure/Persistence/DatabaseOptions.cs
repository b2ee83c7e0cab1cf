namespace SmsCallback.Infrastructure.Persistence;

public enum DatabaseProvider { Sqlite, SqlServer }

public sealed class DatabaseOptions
{
    public const string Section = "Database";
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply migrations at start-up. Always on for SQLite; for SQL Server operators usually run the idempotent script instead.</summary>
    public bool MigrateOnStart { get; set; }
}

public static class ConnectionStringDefaults
{
    public const string App = "Data Source=data/smscallback.db";
    public const string Jobs = "data/jobs.db";
}
