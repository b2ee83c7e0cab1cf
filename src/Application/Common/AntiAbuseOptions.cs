namespace SmsCallback.Application.Common;

public sealed class AntiAbuseOptions
{
    public const string Section = "AntiAbuse";

    /// <summary>A sender that is neither registered nor authenticated gets at most one reply in this window.</summary>
    public TimeSpan UnknownSenderReplyWindow { get; set; } = TimeSpan.FromHours(24);
}
