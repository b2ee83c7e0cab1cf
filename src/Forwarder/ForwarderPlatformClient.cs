using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization;
using SmsCallback.Forwarder.Protocol;

namespace SmsCallback.Forwarder;

public sealed record ForwardedMessage(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("from")] string From,
    [property: JsonPropertyName("text")] string Text,
    [property: JsonPropertyName("receivedAt")] DateTimeOffset ReceivedAt);

public sealed record OutboundRequest(
    [property: JsonPropertyName("messageId")] Guid MessageId,
    [property: JsonPropertyName("to")] string To,
    [property: JsonPropertyName("text")] string Text);

/// <summary>The platform rejected the forwarder's credentials (401) or refused the request for good (4xx): retrying will not help.</summary>
public sealed class PlatformRejectedException(HttpStatusCode status, string message) : Exception(message)
{
    public HttpStatusCode Status { get; } = status;
}

/// <summary>The forwarder's side of the platform's forwarder API; every request signed (<see cref="ForwarderSignature"/>).
/// Network errors and 5xx surface as <see cref="HttpRequestException"/> (the callers retry with back-off).</summary>
public sealed class ForwarderPlatformClient(HttpClient http, ForwarderOptions options, TimeProvider clock)
{
    public async Task SendMessagesAsync(IReadOnlyList<ForwardedMessage> messages, int? signal, int? registration, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "messages", JsonSerializer.SerializeToUtf8Bytes(new MessageBatch(messages, signal, registration), WireJson.Default.MessageBatch), ct);
    }

    public async Task<IReadOnlyList<OutboundRequest>> GetOutboundAsync(CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Get, "outbound", [], ct);
        return await response.Content.ReadFromJsonAsyncSafe(ct);
    }

    public async Task ReportResultAsync(Guid messageId, bool sent, string? reference, string? error, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, $"outbound/{messageId}/result",
            JsonSerializer.SerializeToUtf8Bytes(new OutboundResult(sent, reference, error), WireJson.Default.OutboundResult), ct);
    }

    /// <summary>A modem's status report for a reply part: matched on the platform by the <c>+CMGS</c> reference and the recipient.</summary>
    public async Task ReportDeliveryAsync(DeliveryStatusReport report, CancellationToken ct)
    {
        using var response = await SendAsync(HttpMethod.Post, "outbound/reports",
            JsonSerializer.SerializeToUtf8Bytes(report, WireJson.Default.DeliveryStatusReport), ct);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string relative, byte[] body, CancellationToken ct)
    {
        var baseUri = new Uri(options.PlatformUrl.TrimEnd('/') + "/");
        var uri = new Uri(baseUri, $"api/forwarders/{options.Id}/{relative}");
        var request = new HttpRequestMessage(method, uri);
        if (method != HttpMethod.Get)
        {
            request.Content = new ByteArrayContent(body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        request.Headers.Add(ForwarderSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(ForwarderSignature.SignatureHeader, ForwarderSignature.Sign(options.Key, timestamp, method.Method, uri.AbsolutePath, body));

        var response = await http.SendAsync(request, ct);
        if (response.IsSuccessStatusCode) return response;
        var status = response.StatusCode;
        response.Dispose();
        if ((int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests)
            throw new HttpRequestException($"The platform answered {(int)status}.", null, status);
        throw new PlatformRejectedException(status, $"The platform refused the request with {(int)status}.");
    }
}

internal sealed record MessageBatch(
    [property: JsonPropertyName("messages")] IReadOnlyList<ForwardedMessage> Messages,
    [property: JsonPropertyName("signal")] int? Signal,
    [property: JsonPropertyName("registration")] int? Registration);

internal sealed record OutboundResult(
    [property: JsonPropertyName("sent")] bool Sent,
    [property: JsonPropertyName("reference")] string? Reference,
    [property: JsonPropertyName("error")] string? Error);

public sealed record DeliveryStatusReport(
    [property: JsonPropertyName("reference")] int Reference,
    [property: JsonPropertyName("recipient")] string Recipient,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("dischargedAt")] DateTimeOffset DischargedAt);

/// <summary>The wire format, generated at build time so the published program can be trimmed.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(MessageBatch))]
[JsonSerializable(typeof(OutboundResult))]
[JsonSerializable(typeof(DeliveryStatusReport))]
[JsonSerializable(typeof(List<OutboundRequest>))]
internal sealed partial class WireJson : JsonSerializerContext;

internal static class OutboundJson
{
    public static async Task<IReadOnlyList<OutboundRequest>> ReadFromJsonAsyncSafe(this HttpContent content, CancellationToken ct)
    {
        await using var stream = await content.ReadAsStreamAsync(ct);
        return await JsonSerializer.DeserializeAsync(stream, WireJson.Default.ListOutboundRequest, ct) ?? [];
    }
}
