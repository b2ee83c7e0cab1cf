using System.Text.Json;
using SmsCallback.Application.Sms.ReceiveInboundSmsPart;

namespace SmsCallback.Application.AccessNumbers;

/// <summary>One carrier as a plug-in: how its access numbers are registered and how its webhook is verified and read. Each carrier
/// implements it in its own folder (<c>src/Infrastructure/Sms/Carriers/&lt;Carrier&gt;/</c>, with its outbound sender) and is registered
/// with one line in <c>CarrierRegistration.AddCarriers</c>; the registration endpoint and the webhook route
/// <c>/api/sms/inbound/{Channel}</c> follow from it (docs/adr/0031).</summary>
public interface ICarrier
{
    /// <summary>The channel name (<see cref="SmsCallback.Domain.Sms.SmsChannels"/>): the webhook route, the JSON property of the
    /// registration's settings, the name stored with each SMS.</summary>
    string Channel { get; }

    /// <summary>The webhook's one-line description in the API document.</summary>
    string WebhookSummary { get; }

    /// <summary>True when a POSTed webhook body is the SMS text itself rather than a form or JSON (Kannel's post-url).</summary>
    bool WebhookBodyIsText => false;

    /// <summary>What is wrong with a registration's settings (the JSON object named after the channel) and secret; nothing when it is
    /// valid. <paramref name="allowLoopback"/> is <c>Sms:CarrierUrls:AllowHttpToLoopback</c>.</summary>
    IEnumerable<CarrierSettingProblem> Check(CarrierRegistration registration, bool allowLoopback);

    /// <summary>A valid registration's settings and secrets as stored: the secrets are encrypted by the caller.</summary>
    void Split(CarrierRegistration registration, IDictionary<string, string> settings, IDictionary<string, string> secrets);

    /// <summary>Verifies a webhook request the carrier's way and reads the SMS out of it.</summary>
    Task<CarrierInbound> ReceiveAsync(CarrierRequest request, CancellationToken ct);
}

/// <summary>The registration as the admin sent it: the top-level <c>secret</c> and the carrier's own settings object.</summary>
public sealed record CarrierRegistration(string? Secret, JsonElement? Settings)
{
    /// <summary>The settings object as <typeparamref name="T"/> (names as in JSON, case-insensitive); null when absent or not an object.</summary>
    public T? SettingsAs<T>() where T : class
    {
        if (Settings is not { ValueKind: JsonValueKind.Object } settings) return null;
        try { return settings.Deserialize<T>(JsonSerializerOptions.Web); }
        catch (JsonException) { return null; }
    }
}

public sealed record CarrierSettingProblem(string Field, string Message);

/// <summary>A carrier's webhook request, read by the API (size limit, form or JSON body) and handed to the carrier.</summary>
public sealed class CarrierRequest(
    string method, IReadOnlyList<KeyValuePair<string, string>> query, IReadOnlyList<KeyValuePair<string, string>> body, byte[] rawBody,
    IReadOnlyDictionary<string, string> headers, string? contentType, string publicUrl)
{
    public string Method { get; } = method;
    public bool IsPost => string.Equals(Method, "POST", StringComparison.OrdinalIgnoreCase);
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; } = query;

    /// <summary>The POST parameters (form fields or JSON members); empty for GET.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Body { get; } = body;
    public byte[] RawBody { get; } = rawBody;
    public string? ContentType { get; } = contentType;

    /// <summary>The URL the carrier called, as it signed it: <c>Sms:PublicBaseUrl</c> (when a proxy sits in front) or the request's own.</summary>
    public string PublicUrl { get; } = publicUrl;

    /// <summary>Query and body together, the body winning (Vonage and Plivo may use either).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> All => [.. Query.Where(q => Body.All(b => b.Key != q.Key)), .. Body];

    public string? Get(string name) => Body.FirstOrDefault(p => p.Key == name).Value ?? Query.FirstOrDefault(p => p.Key == name).Value;

    /// <summary>A header's value, or "" when it is absent.</summary>
    public string Header(string name) => headers.TryGetValue(name, out var v) ? v : "";
}

/// <summary>What a carrier made of its webhook request.</summary>
public abstract record CarrierInbound
{
    /// <summary>401 when the proof is missing, 403 when it is wrong, 400 when the request is malformed; nothing is stored.</summary>
    public sealed record Refused(int Status, string Detail) : CarrierInbound;

    /// <summary>An SMS to store once per carrier message id; <paramref name="Answer"/> is what the carrier expects back.</summary>
    public sealed record Message(string? Id, string? From, string? To, string? Text, DateTimeOffset? ReceivedAt, CarrierAnswer Answer) : CarrierInbound;

    /// <summary>One part of a long SMS, stored until the rest arrives.</summary>
    public sealed record Part(ReceiveInboundSmsPartCommand Command, CarrierAnswer Answer) : CarrierInbound;

    public static Refused BadRequest(string detail) => new(400, detail);
    public static Refused Unauthorized(string detail) => new(401, detail);
    public static Refused Forbidden(string detail) => new(403, detail);
}

/// <summary>The 200 answer a carrier expects: an empty one, or a body of the given content type (Twilio's empty TwiML, Kannel's empty text).</summary>
public sealed record CarrierAnswer(string? Content = null, string? ContentType = null)
{
    public static readonly CarrierAnswer Empty = new();
}
