namespace SmsCallback.Infrastructure.Jobs;

public enum JobStorageKind { Default, Sqlite, SqlServer, InMemory }

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    /// <summary>Run the Hangfire server in this process (the default for one-machine installations).</summary>
    public bool RunServer { get; set; } = true;

    /// <summary>Default: SQLite with the SQLite database, SQL Server with SQL Server.</summary>
    public JobStorageKind Storage { get; set; } = JobStorageKind.Default;

    public int PollIntervalMs { get; set; } = 1000;

    public int WorkerCount { get; set; } = Math.Min(Environment.ProcessorCount * 2, 10);

    /// <summary>With <see cref="RunServer"/>, queued SMS are first tried in process by this many senders (<see cref="OutboundSmsSender"/>);
    /// only a transient failure becomes a job.</summary>
    public int InProcessSenders { get; set; } = 2;
}
