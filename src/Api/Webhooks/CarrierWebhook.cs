using System.Text;
using System.Text.Json;
using SmsCallback.Application.AccessNumbers;

namespace SmsCallback.Api.Webhooks;

internal static class CarrierWebhook
{
    public const string PublicBaseUrlKey = "Sms:PublicBaseUrl";

    /// <summary>Reads the request: null with a problem result when the body is too large (413) or not well-formed (400).</summary>
    public static async Task<(CarrierRequest? Request, IResult? Problem)> ReadAsync(HttpRequest http, bool bodyIsText, IConfiguration configuration,
        CancellationToken ct)
    {
        var query = http.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
        if (!HttpMethods.IsPost(http.Method)) return (Request(http, configuration, query, [], []), null);

        var raw = await GenericWebhook.ReadBodyAsync(http, ct);
        if (raw is null)
            return (null, TypedResults.Problem($"The body is larger than {GenericWebhook.MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge));
        if (bodyIsText) return (Request(http, configuration, query, [], raw), null);

        var body = http.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true ? ParseJson(raw) : ParseForm(raw);
        return body is null
            ? (null, TypedResults.Problem("The body is not a well-formed form (application/x-www-form-urlencoded) or JSON object.",
                statusCode: StatusCodes.Status400BadRequest))
            : (Request(http, configuration, query, body, raw), null);
    }

    private static CarrierRequest Request(HttpRequest http, IConfiguration configuration, List<KeyValuePair<string, string>> query,
        List<KeyValuePair<string, string>> body, byte[] raw) =>
        new(http.Method, query, body, raw, http.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            http.ContentType, PublicUrl(http, configuration));

    /// <summary>The URL the carrier called, as it signed it: <c>Sms:PublicBaseUrl</c> (when a proxy sits in front) or the request's own.</summary>
    public static string PublicUrl(HttpRequest http, IConfiguration configuration)
    {
        var pathAndQuery = $"{http.PathBase}{http.Path}{http.QueryString}";
        return configuration[PublicBaseUrlKey] is { Length: > 0 } b ? b.TrimEnd('/') + pathAndQuery : $"{http.Scheme}://{http.Host}{pathAndQuery}";
    }

    private static List<KeyValuePair<string, string>>? ParseForm(byte[] raw)
    {
        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
        var fields = new List<KeyValuePair<string, string>>();
        foreach (var pair in text.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var i = pair.IndexOf('=');
            if (i <= 0) return null;
            var name = Decode(pair[..i]);
            var value = Decode(pair[(i + 1)..]);
            if (name is null || value is null) return null;
            fields.Add(new(name, value));
        }
        return fields;
    }

    private static string? Decode(string s)
    {
        s = s.Replace('+', ' ');
        for (var i = s.IndexOf('%'); i >= 0; i = s.IndexOf('%', i + 1))
            if (i + 2 >= s.Length || !Uri.IsHexDigit(s[i + 1]) || !Uri.IsHexDigit(s[i + 2])) return null;
        return Uri.UnescapeDataString(s);
    }

    private static List<KeyValuePair<string, string>>? ParseJson(byte[] raw)
    {
        try
        {
            using var document = JsonDocument.Parse(raw);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return null;
            return [.. document.RootElement.EnumerateObject().Select(p => new KeyValuePair<string, string>(p.Name, p.Value.ValueKind switch
            {
                JsonValueKind.String => p.Value.GetString()!,
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null => "",
                _ => p.Value.GetRawText(),
            }))];
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
