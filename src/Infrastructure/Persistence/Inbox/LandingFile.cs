using Microsoft.Data.Sqlite;
using SmsCallback.Infrastructure.Security;

namespace SmsCallback.Infrastructure.Persistence.Inbox;

/// <summary>The inbox's landing file on SQLite (docs/adr/0055-inbox-landing-file.md): a second SQLite file next to the application's
/// database (<c>app.db</c> → <c>app.inbox.db</c>), with its own write lock, where the webhook's group commit stores each SMS before it
/// answers. <see cref="InboxMover"/> moves the landed SMS into <c>InboundSms</c> of the application's database in batches and deletes
/// them here only after that commit. A webhook request therefore never waits for SQLite's write lock on the application's database,
/// which processing and switch events hold most of the time under load.</summary>
public sealed class LandingFile
{
    public const string Table = "LandedSms";

    public LandingFile(DatabaseOptions options, string appConnectionString)
    {
        Enabled = options.Provider == DatabaseProvider.Sqlite;
        if (!Enabled) return;
        var app = new SqliteConnectionStringBuilder(appConnectionString);
        if (app.Mode == SqliteOpenMode.Memory)
            throw new InvalidOperationException($"The inbox needs a database file next to which it lands SMS; '{app.DataSource}' is opened in memory (Mode=Memory).");
        AppConnectionString = new SqliteConnectionStringBuilder { DataSource = app.DataSource, Pooling = false }.ToString();
        Path = PathFor(app.DataSource);
        ConnectionString = new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString();
        SynchronousLevel = options.InboxSynchronous.ToString().ToUpperInvariant();
    }

    /// <summary>Only on SQLite: on SQL Server the inbox writes <c>InboundSms</c> directly (its row locks do not serialise writers).</summary>
    public bool Enabled { get; }

    public string Path { get; } = "";

    public string ConnectionString { get; } = "";

    /// <summary>The application's database, for the landing's own connections (not pooled: each is held for the process's life).</summary>
    public string AppConnectionString { get; } = "";

    /// <summary>The inbox's <c>synchronous</c> (<see cref="DatabaseOptions.InboxSynchronous"/>): the landing file's commits and the
    /// mover's commits into the application's database.</summary>
    public string SynchronousLevel { get; } = "FULL";

    /// <summary>Writers of the landing file (the inbox's group commit, the mover's deletions) take turns here rather than collide on its
    /// file lock.</summary>
    public SemaphoreSlim WriteGate { get; } = new(1, 1);

    /// <summary><c>data/smscallback.db</c> → <c>data/smscallback.inbox.db</c>; an in-memory or URI database gets none.</summary>
    public static string PathFor(string appDataSource)
    {
        if (appDataSource == ":memory:" || appDataSource.StartsWith("file:", StringComparison.Ordinal))
            throw new InvalidOperationException($"The inbox needs a database file next to which it lands SMS; '{appDataSource}' is not one.");
        var directory = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(appDataSource)) ?? ".";
        return System.IO.Path.Combine(directory, System.IO.Path.GetFileNameWithoutExtension(appDataSource) + ".inbox.db");
    }

    /// <summary>Opens a connection to the landing file: WAL, the inbox's <c>synchronous</c> (Full by default: an acknowledged SMS
    /// survives a power cut), SQLite's own wait for the lock of another process.</summary>
    public SqliteConnection Open()
    {
        var connection = new SqliteConnection(ConnectionString);
        connection.Open();
        Execute(connection, $"PRAGMA journal_mode=WAL; PRAGMA synchronous={SynchronousLevel}; PRAGMA busy_timeout=10000;");
        return connection;
    }

    /// <summary>Creates the file (private to the service's user) and its table when missing.</summary>
    public void EnsureCreated()
    {
        if (!Enabled) return;
        InstanceSecrets.EnsurePrivateFile(Path, withSqliteCompanions: true);
        using var connection = Open();
        // the columns of InboundSms as EF Core stores them on SQLite (Guid as upper-case text, times as UTC ticks); Seq keeps arrival order
        Execute(connection, $"""
            CREATE TABLE IF NOT EXISTS {Table} (
                Seq INTEGER PRIMARY KEY AUTOINCREMENT,
                Id TEXT NOT NULL UNIQUE,
                Channel TEXT NOT NULL,
                ExternalId TEXT NOT NULL,
                "From" TEXT NOT NULL,
                "To" TEXT NOT NULL,
                Text TEXT NOT NULL,
                ProtectedText TEXT NULL,
                ReceivedAt INTEGER NOT NULL,
                StoredAt INTEGER NOT NULL,
                Status INTEGER NOT NULL,
                UNIQUE (Channel, ExternalId));
            """);
    }

    /// <summary>How many SMS wait here and since when (for the inbox's gauges and health check).</summary>
    public (int Count, DateTimeOffset? Oldest) ReadBacklog()
    {
        if (!Enabled || !File.Exists(Path)) return (0, null);
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder(ConnectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*), MIN(StoredAt) FROM {Table};";
        using var reader = command.ExecuteReader();
        reader.Read();
        var count = reader.GetInt32(0);
        return (count, count == 0 ? null : new DateTimeOffset(reader.GetInt64(1), TimeSpan.Zero));
    }

    internal static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
