namespace SmsCallback.Application.Common;

/// <summary>The limits that keep abusers out (docs/product.md §2). Settings, not constants.</summary>
public sealed class AntiAbuseOptions
{
    public const string Section = "AntiAbuse";

    /// <summary>A sender that is neither registered nor authenticated gets at most one reply in this window.</summary>
    public TimeSpan UnknownSenderReplyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Replies to unknown senders, all access numbers together, per <see cref="UnknownSenderCeilingWindow"/>: the ceiling on SMS
    /// pumping (forged senders on premium numbers). Further unknown senders get no reply until the window moves on.</summary>
    public int MaxUnknownSenderReplies { get; set; } = 200;

    /// <summary>Replies to unknown senders from one access number per <see cref="UnknownSenderCeilingWindow"/>.</summary>
    public int MaxUnknownSenderRepliesPerAccessNumber { get; set; } = 50;

    public TimeSpan UnknownSenderCeilingWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>After this many failed logins within <see cref="FailedLoginWindow"/>, the login and the sender are locked out.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>Failures count for this long; the lockout ends when they age out of it.</summary>
    public TimeSpan FailedLoginWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Callbacks one sender's phone may request per <see cref="CallbackRateWindow"/>.</summary>
    public int MaxCallbacksPerSender { get; set; } = 20;

    /// <summary>Callbacks one account may request per <see cref="CallbackRateWindow"/>, from any phone.</summary>
    public int MaxCallbacksPerAccount { get; set; } = 60;

    /// <summary>The window of <see cref="MaxCallbacksPerSender"/> and <see cref="MaxCallbacksPerAccount"/>, counted in whole 10-second buckets
    /// (docs/adr/0051-callback-rate-counts.md): 1 minute to 7 days.</summary>
    public TimeSpan CallbackRateWindow { get; set; } = TimeSpan.FromHours(1);

    public static readonly TimeSpan ShortestCallbackRateWindow = TimeSpan.FromMinutes(1);

    /// <summary>The counts are kept, and were filled in on upgrade, for this long.</summary>
    public static readonly TimeSpan LongestCallbackRateWindow = TimeSpan.FromDays(7);
}
