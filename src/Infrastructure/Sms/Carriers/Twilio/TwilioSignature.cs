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
