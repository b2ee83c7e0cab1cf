using System.Security.Cryptography;
using System.Text;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Infrastructure.Security;

/// <summary>Six random digits; stored as HMAC-SHA256 over account, number and code with a key kept in the data directory
/// (<c>phone-codes.key</c>, mode 600), so a copy of the database alone cannot recover a code: a million guesses need the key.</summary>
public sealed class HmacPhoneCodes(InstanceSecrets secrets) : IPhoneCodes
{
    public const string KeyFile = "phone-codes.key";

    private readonly Lazy<byte[]> _key = new(() => Convert.FromHexString(secrets.GetOrCreate(KeyFile, () => InstanceSecrets.RandomToken()).Value));

    public string NewCode() => RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public string Hash(Guid accountId, string e164, string code) => Convert.ToBase64String(Mac(accountId, e164, code));

    public bool Matches(string hash, Guid accountId, string e164, string code)
    {
        Span<byte> stored = stackalloc byte[32];
        if (!PhoneVerification.IsWellFormedCode(code) || !Convert.TryFromBase64String(hash, stored, out var length) || length != 32) return false;
        return CryptographicOperations.FixedTimeEquals(stored, Mac(accountId, e164, code));
    }

    private byte[] Mac(Guid accountId, string e164, string code) =>
        HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes($"{accountId:N}|{e164}|{code}"));
}
