using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Common.Interfaces;

public enum PasswordCheck { Failed, Success, SuccessRehashNeeded }

/// <summary>A salted slow hash (the adapter uses ASP.NET Core Identity's PasswordHasher).</summary>
public interface IPasswordHasher
{
    string Hash(string password);
    PasswordCheck Verify(string hash, string password);
}

/// <summary>Secrets the service needs but was not given, generated once per installation and kept in its data directory (ADR 0005).</summary>
public interface IInstanceSecrets
{
    /// <returns>The secret, and whether it was created just now (so a person may need to be told it once).</returns>
    (string Value, bool Created) GetOrCreate(string name, Func<string> generate);
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

    /// <summary>Generate (or continue generating) a credential lot's accounts.</summary>
    void EnqueueGenerateLot(Guid lotId);
}

/// <summary>One generated login and its plaintext password, on its way into the encrypted export (and nowhere else).</summary>
public sealed record LotCredential(string Login, string Password);

/// <summary>A lot's export: CSV rows encrypted at rest (the adapter uses ASP.NET Core Data Protection and CsvHelper).</summary>
public interface ILotExportVault
{
    /// <summary>CSV rows (login, password, balance, tariff) for one batch, encrypted.</summary>
    byte[] Seal(CredentialLot lot, IReadOnlyList<LotCredential> credentials);

    /// <summary>The whole CSV: the header row, then every chunk's rows in order.</summary>
    string Open(Guid lotId, IReadOnlyList<byte[]> chunks);
}

/// <summary>Encrypts forwarder keys at rest (Data Protection). The platform must read them back to verify the forwarders' HMACs.</summary>
public interface IForwarderKeyProtector
{
    string Protect(string key);
    string Unprotect(string protectedKey);
}
