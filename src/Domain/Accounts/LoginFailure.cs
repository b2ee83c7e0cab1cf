namespace SmsCallback.Domain.Accounts;

/// <summary>One failed login, counted against a key to lock out password guessing: a login from one client address (web sign-ins),
/// a login or a sender's number (SMS).</summary>
public sealed class LoginFailure
{
    private LoginFailure() { Key = ""; }

    public Guid Id { get; private set; }
    public string Key { get; private set; }
    public DateTimeOffset At { get; private set; }

    public static LoginFailure For(string key, DateTimeOffset at) => new() { Id = Guid.CreateVersion7(at), Key = key, At = at };

    public const int MaxKeyLength = 160;

    public static string LoginKey(string login) => "login:" + login.ToLowerInvariant();

    /// <summary>A login tried from one client address (an IPv4 address, an IPv6 /64 network, or "unknown").</summary>
    public static string LoginFromAddressKey(string login, string clientAddress) =>
        "login:" + login.ToLowerInvariant() + "|ip:" + (clientAddress.Length > 48 ? clientAddress[..48] : clientAddress);

    public static string SenderKey(string sender) => "sender:" + sender;
}
