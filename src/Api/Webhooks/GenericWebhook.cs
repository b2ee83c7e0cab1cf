using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SmsCallback.Api.Webhooks;

/// <summary>The secret of the generic JSON webhook: <c>Sms:Generic:Secret</c>, or one generated at the first start.</summary>
public sealed record GenericWebhookSecret(string Value)
{
    /// <summary>The HMAC key: the secret's UTF-8 bytes, computed once rather than per request.</summary>
    public byte[] Key { get; } = Encoding.UTF8.GetBytes(Value);
}

public sealed record GenericInboundSms(
    [property: JsonPropertyName("messageId")] string? MessageId,
    [property: JsonPropertyName("from")] string? From,
    [property: JsonPropertyName("to")] string? To,
    [property: JsonPropertyName("text")] string? Text,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset? ReceivedAt);

internal static class GenericWebhook
{
    public const int MaxBodyBytes = 16 * 1024;
    public const string SignatureHeader = "X-Signature";
    private const string Prefix = "sha256=";

    /// <summary>Reads at most <see cref="MaxBodyBytes"/>; null when the body is larger.</summary>
    public static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return null;
        var buffer = ArrayPool<byte>.Shared.Rent(MaxBodyBytes + 1);
        try
        {
            var total = 0;
            int read;
            while (total <= MaxBodyBytes && (read = await request.Body.ReadAsync(buffer.AsMemory(total, MaxBodyBytes + 1 - total), ct)) > 0)
                total += read;
            return total > MaxBodyBytes ? null : buffer.AsSpan(0, total).ToArray();
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary><c>X-Signature: sha256=&lt;lowercase hex HMAC-SHA256(secret, raw body)&gt;</c>, compared in constant time.</summary>
    public static bool IsSignatureValid(string? header, byte[] body, byte[] key)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return false;
        var hex = header.AsSpan(Prefix.Length).Trim();
        if (hex.Length != 64) return false;
        Span<byte> given = stackalloc byte[32];
        if (Convert.FromHexString(hex, given, out _, out var written) != OperationStatus.Done || written != 32) return false;
        Span<byte> expected = stackalloc byte[32];
        HMACSHA256.HashData(key, body, expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }

    public static string Sign(string secret, byte[] body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    public static GenericInboundSms? Parse(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<GenericInboundSms>(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
