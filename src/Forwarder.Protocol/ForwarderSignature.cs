using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace SmsCallback.Forwarder.Protocol;

/// <summary>How a forwarder signs each request to the platform, and how the platform checks it.
/// <list type="bullet">
/// <item><c>X-Forwarder-Timestamp</c>: the time of signing, Unix seconds.</item>
/// <item><c>X-Forwarder-Signature</c>: <c>sha256=</c> + lowercase hex HMAC-SHA256(key as UTF-8, <c>timestamp + "\n" + METHOD + "\n" + path + "\n"</c> + raw body bytes),
/// with the path as requested (for example <c>/api/forwarders/{id}/messages</c>, no query string).</item>
/// </list>
/// The platform refuses timestamps more than <see cref="MaxSkew"/> away from its clock, so a captured request cannot be replayed later;
/// within the window a replay only repeats an idempotent request (messages are deduplicated by key, results are idempotent).</summary>
public static class ForwarderSignature
{
    public const string TimestampHeader = "X-Forwarder-Timestamp";
    public const string SignatureHeader = "X-Forwarder-Signature";
    public static readonly TimeSpan MaxSkew = TimeSpan.FromMinutes(5);
    private const string Prefix = "sha256=";

    public static string Sign(string key, long timestamp, string method, string path, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(Hash(key, timestamp, method, path, body));

    public static bool IsValid(string key, string? timestampHeader, string? signatureHeader, string method, string path, ReadOnlySpan<byte> body,
        DateTimeOffset now)
    {
        if (!long.TryParse(timestampHeader, out var timestamp)) return false;
        if (Math.Abs(now.ToUnixTimeSeconds() - timestamp) > MaxSkew.TotalSeconds) return false;
        if (signatureHeader is null || !signatureHeader.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var hex = signatureHeader.AsSpan(Prefix.Length).Trim();
        Span<byte> given = stackalloc byte[32];
        if (hex.Length != 64 || Convert.FromHexString(hex, given, out _, out var written) != OperationStatus.Done || written != 32) return false;
        return CryptographicOperations.FixedTimeEquals(given, Hash(key, timestamp, method, path, body));
    }

    private static byte[] Hash(string key, long timestamp, string method, string path, ReadOnlySpan<byte> body)
    {
        var head = Encoding.UTF8.GetBytes($"{timestamp}\n{method.ToUpperInvariant()}\n{path}\n");
        var message = new byte[head.Length + body.Length];
        head.CopyTo(message, 0);
        body.CopyTo(message.AsSpan(head.Length));
        return HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), message);
    }
}
