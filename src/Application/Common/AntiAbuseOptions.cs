namespace SmsCallback.Application.Common;

/// <summary>The limits that keep abusers out (product.md §2). Settings, not constants.</summary>
public sealed class AntiAbuseOptions
{
    public const string Section = "AntiAbuse";

    /// <summary>A sender that is neither registered nor authenticated gets at most one reply in this window.</summary>
    public TimeSpan UnknownSenderReplyWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>After this many failed logins within <see cref="FailedLoginWindow"/>, the login and the sender are locked out.</summary>
    public int MaxFailedLogins { get; set; } = 5;

    /// <summary>Failures count for this long; the lockout ends when they age out of it.</summary>
    public TimeSpan FailedLoginWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Callbacks one sender's phone may request per <see cref="CallbackRateWindow"/>.</summary>
    public int MaxCallbacksPerSender { get; set; } = 20;

    /// <summary>Callbacks one account may request per <see cref="CallbackRateWindow"/>, from any phone.</summary>
    public int MaxCallbacksPerAccount { get; set; } = 60;

    public TimeSpan CallbackRateWindow { get; set; } = TimeSpan.FromHours(1);
}
