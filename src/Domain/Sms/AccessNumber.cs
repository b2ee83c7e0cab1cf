using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Sms;

/// <summary>A number an operator leases from a carrier (or serves with a forwarder): customers text it, replies leave from it.
/// Holds the channel, its non-secret settings and its secrets, the latter only in protected (encrypted) form.</summary>
public sealed class AccessNumber
{
    public static IReadOnlyList<string> Channels => SmsChannels.All;
    public const int MaxNumberLength = 32;

    private AccessNumber() { Number = ""; NumberKey = ""; Channel = ""; SettingsJson = "{}"; ProtectedSecrets = ""; }

    public Guid Id { get; private set; }

    /// <summary>As the admin wrote it (for example <c>+48500100200</c>).</summary>
    public string Number { get; private set; }

    /// <summary>The digits only: carriers write the same number as <c>+48…</c>, <c>48…</c> or <c>0048…</c>; this is what lookups use.</summary>
    public string NumberKey { get; private set; }
    public string Channel { get; private set; }

    /// <summary>Non-secret settings as a JSON object (account SID, API key, base URL, …).</summary>
    public string SettingsJson { get; private set; }

    /// <summary>The secrets (tokens, passwords, signature and URL secrets) as one protected blob; never readable without the key ring.</summary>
    public string ProtectedSecrets { get; private set; }

    /// <summary>Hex SHA-256 of the shared URL secret (Kannel), so a request can be matched without decrypting every row.</summary>
    public string? SecretHash { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The language of replies to senders the platform does not know yet, and the first language of an account whose language
    /// nobody chose (docs/languages.md); none: the platform's default.</summary>
    public string? Language { get; private set; }

    public void ChangeLanguage(string? language) => Language = string.IsNullOrWhiteSpace(language) ? null : language.Trim().ToLowerInvariant();

    public static AccessNumber Register(string number, string channel, string settingsJson, string protectedSecrets, string? secretHash,
        DateTimeOffset now)
    {
        var key = KeyOf(number);
        if (key.Length is < 3 or > 20 || number.Length > MaxNumberLength) throw new DomainException("An access number needs 3 to 20 digits.");
        if (!Channels.Contains(channel)) throw new DomainException($"Unknown channel '{channel}'.");
        return new AccessNumber
        {
            Id = Guid.CreateVersion7(now),
            Number = number.Trim(),
            NumberKey = key,
            Channel = channel,
            SettingsJson = settingsJson,
            ProtectedSecrets = protectedSecrets,
            SecretHash = secretHash,
            CreatedAt = now,
        };
    }

    /// <summary>New settings and secrets for the same number and channel: how an operator rotates a carrier's token or signature secret.</summary>
    public void Reconfigure(string settingsJson, string protectedSecrets, string? secretHash)
    {
        SettingsJson = settingsJson;
        ProtectedSecrets = protectedSecrets;
        SecretHash = secretHash;
    }

    /// <summary>What leg A shows when a customer who wrote to (or rang) this number is called back; by default the number itself
    /// (<see cref="OwnCallerId"/>). An account's own choice wins.</summary>
    public string? CallerIdA { get; private set; }

    /// <summary>What leg B shows for those callbacks; by default the customer's own number. An account's own choice wins.</summary>
    public string? CallerIdB { get; private set; }

    /// <summary>The number itself as a caller ID (E.164), when it was registered in international form; otherwise none.</summary>
    public string? OwnCallerId => E164.IsValid("+" + NumberKey) && !Number.StartsWith('0') ? "+" + NumberKey : null;

    /// <summary>Both caller IDs at once, E.164 or null for the default.</summary>
    public void ChangeCallerIds(string? legA, string? legB)
    {
        CallerIds.Check(legA, legB);
        (CallerIdA, CallerIdB) = (legA, legB);
    }

    /// <summary>The digits of a number without the international prefix: <c>+48 500-100-200</c>, <c>0048500100200</c> → <c>48500100200</c>.</summary>
    public static string KeyOf(string? number)
    {
        var digits = new string((number ?? "").Where(char.IsAsciiDigit).ToArray());
        return (number ?? "").TrimStart().StartsWith("00", StringComparison.Ordinal) ? digits[2..] : digits;
    }
}
