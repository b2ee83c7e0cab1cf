namespace SmsCallback.Infrastructure.Processing;

public sealed class ProcessingOptions
{
    public const string Section = "Processing";

    /// <summary>How many batches of inbound SMS (and of domain events) are processed at once. On SQLite, writers queue for the one write
    /// lock anyway: two overlap reading with writing.</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>At most this many waiting SMS (or events) go into one batch, one transaction.</summary>
    public int BatchSize { get; set; } = 64;

    /// <summary>A batch starts no further SMS once it has run this long: it holds the write lock, and other writers wait for it.</summary>
    public TimeSpan BatchTimeBudget { get; set; } = TimeSpan.FromMilliseconds(40);

    /// <summary>While the webhooks flood the inbox, processing of the backlog waits up to this long before each batch, leaving the CPU
    /// to the webhooks (<see cref="IngestPressure"/>); zero turns it off.</summary>
    public TimeSpan IngestFirstMaxWait { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How often the sweeper looks for work a crash or a lost hand-off left behind.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Work younger than this is assumed to be in flight and left alone by the sweeper.</summary>
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An outbox SMS still unsent after this long is handed to the job server again (its job may have died with a process).</summary>
    public TimeSpan OutboxSweepGrace { get; set; } = TimeSpan.FromMinutes(2);
}
