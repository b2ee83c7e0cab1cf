using System.Security.Cryptography;
using System.Text;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Vonage's optional <c>sig</c> parameter: drop <c>sig</c>, sort the rest by key, replace <c>&amp;</c> and <c>=</c> in values by <c>_</c>,
/// join as <c>&amp;k1=v1&amp;k2=v2</c>; then md5hash = md5hex(string + secret), or hex HMAC-{MD5,SHA1,SHA256,SHA512}(secret, string).</summary>
public static class VonageSignature
{
    public static string Compute(string method, string secret, IEnumerable<KeyValuePair<string, string>> parameters)
    {
        var data = new StringBuilder();
        foreach (var (name, value) in parameters.Where(p => p.Key != "sig").OrderBy(p => p.Key, StringComparer.Ordinal))
            data.Append('&').Append(name).Append('=').Append(value.Replace('&', '_').Replace('=', '_'));
        var bytes = Encoding.UTF8.GetBytes(data.ToString());
        var key = Encoding.UTF8.GetBytes(secret);
        return Convert.ToHexStringLower(method switch
        {
            "md5hash" => MD5.HashData(Encoding.UTF8.GetBytes(data + secret)),
            "md5" => HMACMD5.HashData(key, bytes),
            "sha1" => HMACSHA1.HashData(key, bytes),
            "sha256" => HMACSHA256.HashData(key, bytes),
            "sha512" => HMACSHA512.HashData(key, bytes),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown Vonage signature method."),
        });
    }

    public static bool IsValid(string method, string secret, IReadOnlyList<KeyValuePair<string, string>> parameters)
    {
        var sig = parameters.FirstOrDefault(p => p.Key == "sig").Value;
        return !string.IsNullOrEmpty(sig) && SignatureCompare.FixedTimeEquals(Compute(method, secret, parameters), sig.ToLowerInvariant());
    }
}
