namespace SmsCallback.Infrastructure.Processing;

public sealed class ProcessingOptions
{
    public const string Section = "Processing";

    /// <summary>How many inbound SMS are processed at once.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>How often the sweeper looks for work a crash or a lost hand-off left behind.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Work younger than this is assumed to be in flight and left alone by the sweeper.</summary>
    public TimeSpan SweepGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An outbox SMS still unsent after this long is handed to the job server again (its job may have died with a process).</summary>
    public TimeSpan OutboxSweepGrace { get; set; } = TimeSpan.FromMinutes(2);
}
