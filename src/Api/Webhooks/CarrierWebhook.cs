using System.Text;
using System.Text.Json;

namespace SmsCallback.Api.Webhooks;

/// <summary>The fields of a carrier's webhook request: its query string, and for POST its form or JSON body (read with the size limit).</summary>
internal sealed class CarrierRequest(List<KeyValuePair<string, string>> query, List<KeyValuePair<string, string>> body, byte[] rawBody)
{
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; } = query;

    /// <summary>The POST parameters (form fields or JSON members); empty for GET.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Body { get; } = body;
    public byte[] RawBody { get; } = rawBody;

    /// <summary>Query and body together, the body winning (Vonage and Plivo may use either).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> All => [.. Query.Where(q => Body.All(b => b.Key != q.Key)), .. Body];

    public string? Get(string name) => Body.FirstOrDefault(p => p.Key == name).Value ?? Query.FirstOrDefault(p => p.Key == name).Value;
}

internal static class CarrierWebhook
{
    public const string PublicBaseUrlKey = "Sms:PublicBaseUrl";

    /// <summary>Reads the request: null with a problem result when the body is too large (413) or not well-formed (400).</summary>
    public static async Task<(CarrierRequest? Request, IResult? Problem)> ReadAsync(HttpRequest http, bool bodyIsText, CancellationToken ct)
    {
        var query = http.Query.SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? ""))).ToList();
        if (!HttpMethods.IsPost(http.Method)) return (new CarrierRequest(query, [], []), null);

        var raw = await GenericWebhook.ReadBodyAsync(http, ct);
        if (raw is null)
            return (null, TypedResults.Problem($"The body is larger than {GenericWebhook.MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge));
        if (bodyIsText) return (new CarrierRequest(query, [], raw), null);

        var body = http.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true ? ParseJson(raw) : ParseForm(raw);
        return body is null
            ? (null, TypedResults.Problem("The body is not a well-formed form (application/x-www-form-urlencoded) or JSON object.",
                statusCode: StatusCodes.Status400BadRequest))
            : (new CarrierRequest(query, body, raw), null);
    }

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
