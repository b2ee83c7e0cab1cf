using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.AccessNumbers;

public interface IAccessNumberRepository
{
    Task<AccessNumber?> GetAsync(Guid id, CancellationToken ct);
    Task<IReadOnlyList<AccessNumber>> ListAsync(CancellationToken ct);
    Task<AccessNumber?> FindByNumberAsync(string channel, string numberKey, CancellationToken ct);
    Task<IReadOnlyList<AccessNumber>> FindBySecretHashAsync(string channel, string secretHash, CancellationToken ct);
    void Add(AccessNumber number);
    void Remove(AccessNumber number);
}

/// <summary>Encrypts secrets at rest (ASP.NET Core Data Protection in the adapter).</summary>
public interface ISecretProtector
{
    string Protect(string plaintext);
    string Unprotect(string protectedText);
}

/// <summary>Setting names of the stable contract; the secret ones are stored only in protected form.</summary>
public static class CarrierSetting
{
    public const string Secret = "secret";
    public const string AccountSid = "accountSid", AuthToken = "authToken", BaseUrl = "baseUrl";
    public const string ApiKey = "apiKey", ApiSecret = "apiSecret", SignatureSecret = "signatureSecret", SignatureMethod = "signatureMethod";
    public const string AllowUnsigned = "allowUnsigned";
    public const string AuthId = "authId";
    public const string SendSmsUrl = "sendSmsUrl", Username = "username", Password = "password";
}

/// <summary>An access number with its secrets readable: what a webhook check or an outbound adapter needs. Never logged, never returned by the API.</summary>
public sealed class CarrierAccount(Guid id, string number, string channel, IReadOnlyDictionary<string, string> settings,
    IReadOnlyDictionary<string, string> secrets)
{
    public Guid Id { get; } = id;
    public string Number { get; } = number;
    public string Channel { get; } = channel;

    public string? Setting(string name) => settings.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    public string? SecretValue(string name) => secrets.TryGetValue(name, out var v) && v.Length > 0 ? v : null;

    public override string ToString() => $"{Channel} {Number}"; // keeps the secrets out of any accidental log line
}

/// <summary>Finds access numbers with their secrets decrypted.</summary>
public interface ICarrierAccounts
{
    /// <summary>By the number the carrier says the SMS was sent to (any of +48…, 48…, 0048…).</summary>
    Task<CarrierAccount?> FindByNumberAsync(string channel, string number, CancellationToken ct);

    /// <summary>By the shared URL secret (Kannel); <paramref name="number"/> picks among numbers sharing one secret.</summary>
    Task<CarrierAccount?> FindBySecretAsync(string channel, string secret, string? number, CancellationToken ct);
}

/// <summary>What the API says about an access number whose checks were weakened on purpose.</summary>
public static class AccessNumberWarnings
{
    public const string Unsigned = "Unsigned webhooks are accepted for this Vonage number: anyone who knows the number can forge an SMS from any " +
        "sender, and start callbacks on the account of any registered phone. Turn signing on at Vonage and register the number again with its signatureSecret.";

    /// <summary>The <c>allowUnsigned</c> setting is stored only for a Vonage number registered without a signature secret.</summary>
    public static IReadOnlyList<string> Of(string channel, IReadOnlyDictionary<string, string> settings) =>
        channel == SmsChannels.Vonage && settings.TryGetValue(CarrierSetting.AllowUnsigned, out var v) && v == "true" ? [Unsigned] : [];
}
