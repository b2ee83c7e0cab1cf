using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Common.Interfaces;

public enum PasswordCheck { Failed, Success, SuccessRehashNeeded }

/// <summary>A salted slow hash (the adapter uses ASP.NET Core Identity's PasswordHasher).</summary>
public interface IPasswordHasher
{
    string Hash(string password);
    PasswordCheck Verify(string hash, string password);
}

public sealed record IssuedToken(string AccessToken, DateTimeOffset ExpiresAt);

public interface ITokenIssuer
{
    IssuedToken Issue(Account account);
}

/// <summary>The in-process hand-off from a stored SMS to its processing; the inbox table stays the source of truth.</summary>
public interface IInboundSmsQueue
{
    void Enqueue(Guid inboundSmsId);
}

/// <summary>Background work that must survive restarts (Hangfire in production).</summary>
public interface IBackgroundJobs
{
    void EnqueueSendSms(Guid outboundSmsId);

    /// <summary>Compose the account's status SMS and send it (the reply to <paramref name="inboundSmsId"/>).</summary>
    void EnqueueAccountStatus(Guid accountId, Guid inboundSmsId, string to);
}

/// <summary>Encrypts forwarder keys at rest (Data Protection). The platform must read them back to verify the forwarders' HMACs.</summary>
public interface IForwarderKeyProtector
{
    string Protect(string key);
    string Unprotect(string protectedKey);
}
