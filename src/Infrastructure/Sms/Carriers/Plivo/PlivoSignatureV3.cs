using System.Security.Cryptography;
using System.Text;

namespace SmsCallback.Infrastructure.Sms.Carriers;

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
