using System.Security.Cryptography;
using System.Text;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Twilio's <c>X-Twilio-Signature</c>: Base64(HMAC-SHA1(authToken, url + each POST parameter, sorted ordinally by name, as name + value)).
/// Like the official SDK (twilio-csharp <c>Security/RequestValidator.cs</c>) the URL is accepted with and without its port.</summary>
public static class TwilioSignature
{
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> postParameters)
    {
        var data = new StringBuilder(url);
        foreach (var (name, value) in postParameters.OrderBy(p => p.Key, StringComparer.Ordinal)) data.Append(name).Append(value);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }

    public static bool IsValid(string authToken, string url, IReadOnlyList<KeyValuePair<string, string>> postParameters, string? signature)
    {
        if (string.IsNullOrEmpty(signature) || !Uri.TryCreate(url, UriKind.Absolute, out var uri)) return false;
        var withoutPort = new UriBuilder(uri) { Port = -1 }.Uri.AbsoluteUri;
        return new[] { url, withoutPort, WithPort(uri) }.Distinct()
            .Any(u => SignatureCompare.FixedTimeEquals(Compute(authToken, u, postParameters), signature));
    }

    private static string WithPort(Uri uri) =>
        $"{uri.Scheme}://{uri.UserInfo}{(uri.UserInfo.Length > 0 ? "@" : "")}{uri.Host}:{uri.Port}{uri.PathAndQuery}{uri.Fragment}";
}

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

/// <summary>Plivo's V3 signature (plivo-python <c>utils/signature_v3.py</c>): Base64(HMAC-SHA256(authToken, signedUrl + "." + nonce)),
/// where for a POST signedUrl = scheme://host/path + "?" + [sorted query "k=v&amp;…" + "."] + each form field sorted by name as name + value.
/// <c>X-Plivo-Signature-V3</c> may list several signatures separated by commas (one per active auth token).</summary>
public static class PlivoSignatureV3
{
    public static string Compute(string authToken, string url, IEnumerable<KeyValuePair<string, string>> postParameters, string nonce)
    {
        var uri = new Uri(url);
        var query = string.Join('&', ParseQuery(uri.Query).OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}"));
        var parameters = postParameters.OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal).ToList();
        var data = new StringBuilder(uri.GetLeftPart(UriPartial.Path));
        if (query.Length > 0 || parameters.Count > 0) data.Append('?').Append(query);
        if (query.Length > 0 && parameters.Count > 0) data.Append('.');
        foreach (var (name, value) in parameters) data.Append(name).Append(value);
        data.Append('.').Append(nonce);
        return Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(authToken), Encoding.UTF8.GetBytes(data.ToString())));
    }

    public static bool IsValid(string authToken, string url, IReadOnlyList<KeyValuePair<string, string>> postParameters, string? nonce, string? header)
    {
        if (string.IsNullOrEmpty(nonce) || string.IsNullOrEmpty(header)) return false;
        var expected = Compute(authToken, url, postParameters, nonce);
        return header.Split(',').Any(s => SignatureCompare.FixedTimeEquals(expected, s.Trim()));
    }

    private static IEnumerable<KeyValuePair<string, string>> ParseQuery(string query) =>
        query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries).Select(pair =>
        {
            var i = pair.IndexOf('=');
            var name = Uri.UnescapeDataString((i < 0 ? pair : pair[..i]).Replace('+', ' '));
            var value = i < 0 ? "" : Uri.UnescapeDataString(pair[(i + 1)..].Replace('+', ' '));
            return new KeyValuePair<string, string>(name, value);
        });
}

internal static class SignatureCompare
{
    public static bool FixedTimeEquals(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
