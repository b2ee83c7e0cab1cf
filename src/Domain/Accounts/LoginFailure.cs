namespace SmsCallback.Domain.Accounts;

/// <summary>One failed login, counted against a key (a login or a sender's number) to lock out password guessing.</summary>
public sealed class LoginFailure
{
    private LoginFailure() { Key = ""; }

    public Guid Id { get; private set; }
    public string Key { get; private set; }
    public DateTimeOffset At { get; private set; }

    public static LoginFailure For(string key, DateTimeOffset at) => new() { Id = Guid.CreateVersion7(at), Key = key, At = at };

    public static string LoginKey(string login) => "login:" + login.ToLowerInvariant();

    public static string SenderKey(string sender) => "sender:" + sender;
}
