using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Forwarders.GetForwarderOutbound;
using SmsCallback.Application.Forwarders.ReceiveForwardedSms;
using SmsCallback.Application.Forwarders.ReportDeliveryStatus;
using SmsCallback.Application.Forwarders.ReportOutboundResult;
using SmsCallback.Forwarder.Protocol;

namespace SmsCallback.Api.Endpoints;

/// <summary>What forwarders call. Anonymous for the JWT scheme; every request is signed with the forwarder's key (see
/// <see cref="ForwarderSignature"/>) and verified before anything is read or stored.</summary>
internal sealed class Forwarders : IEndpointGroup
{
    public const int MaxBodyBytes = 1024 * 1024;

    public sealed record MessageBatch(
        [property: JsonPropertyName("messages")] List<Message>? Messages,
        [property: JsonPropertyName("signal")] int? Signal,
        [property: JsonPropertyName("registration")] int? Registration);

    public sealed record Message(
        [property: JsonPropertyName("key")] string? Key,
        [property: JsonPropertyName("from")] string? From,
        [property: JsonPropertyName("text")] string? Text,
        [property: JsonPropertyName("receivedAt")] DateTimeOffset? ReceivedAt);

    public sealed record Result(
        [property: JsonPropertyName("sent")] bool Sent,
        [property: JsonPropertyName("reference")] string? Reference,
        [property: JsonPropertyName("error")] string? Error);

    public sealed record StatusReport(
        [property: JsonPropertyName("reference")] int? Reference,
        [property: JsonPropertyName("recipient")] string? Recipient,
        [property: JsonPropertyName("status")] int? Status);

    public sealed record BatchAccepted(IReadOnlyList<ForwardedSmsReceipt> Accepted);

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/forwarders/{id:guid}").WithTags("Forwarders")
            .Public("forwarders call it; each request is signed with the forwarder's key");
        group.MapPost("/messages", ReceiveAsync)
            .WithSummary("A batch of SMS a forwarder received: {\"messages\":[{\"key\",\"from\",\"text\",\"receivedAt\"}],\"signal\",\"registration\"}.");
        group.MapGet("/outbound", OutboundAsync).WithSummary("Replies this forwarder should send through its modem.");
        group.MapPost("/outbound/{messageId:guid}/result", ResultAsync).WithSummary("Whether a reply went out: {\"sent\",\"reference\",\"error\"}.");
        group.MapPost("/outbound/reports", StatusReportAsync)
            .WithSummary("A modem's status report for a reply part: {\"reference\",\"recipient\",\"status\"} (docs/delivery-reports.md).");
    }

    private static async Task<IResult> ReceiveAsync(Guid id, HttpRequest request, ISender sender, CancellationToken ct)
    {
        var (body, failure) = await VerifyAsync(id, request, ct);
        if (failure is not null) return failure;
        MessageBatch? batch;
        try { batch = JsonSerializer.Deserialize<MessageBatch>(body!); }
        catch (JsonException) { batch = null; }
        if (batch?.Messages is null) return TypedResults.Problem("The body is not a message batch.", statusCode: StatusCodes.Status400BadRequest);

        var messages = batch.Messages.Select(m => new ForwardedSms(m.Key ?? "", m.From ?? "", m.Text ?? "", m.ReceivedAt)).ToList();
        var result = await sender.Send(new ReceiveForwardedSmsCommand(id, messages, batch.Signal, batch.Registration), ct);
        return result.IsSuccess ? TypedResults.Ok(new BatchAccepted(result.Value!)) : result.Error!.ToProblem();
    }

    private static async Task<IResult> OutboundAsync(Guid id, HttpRequest request, ISender sender, CancellationToken ct)
    {
        var (_, failure) = await VerifyAsync(id, request, ct);
        if (failure is not null) return failure;
        var result = await sender.Send(new GetForwarderOutboundQuery(id), ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }

    private static async Task<IResult> ResultAsync(Guid id, Guid messageId, HttpRequest request, ISender sender, CancellationToken ct)
    {
        var (body, failure) = await VerifyAsync(id, request, ct);
        if (failure is not null) return failure;
        Result? report;
        try { report = JsonSerializer.Deserialize<Result>(body!); }
        catch (JsonException) { report = null; }
        if (report is null) return TypedResults.Problem("The body is not a send result.", statusCode: StatusCodes.Status400BadRequest);

        var result = await sender.Send(new ReportOutboundResultCommand(id, messageId, report.Sent, report.Reference, report.Error), ct);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error!.ToProblem();
    }

    private static async Task<IResult> StatusReportAsync(Guid id, HttpRequest request, ISender sender, CancellationToken ct)
    {
        var (body, failure) = await VerifyAsync(id, request, ct);
        if (failure is not null) return failure;
        StatusReport? report;
        try { report = JsonSerializer.Deserialize<StatusReport>(body!); }
        catch (JsonException) { report = null; }
        if (report is not { Reference: { } reference, Recipient: { } recipient, Status: { } status })
            return TypedResults.Problem("The body is not a status report {\"reference\",\"recipient\",\"status\"}.", statusCode: StatusCodes.Status400BadRequest);

        // An unknown reply is answered like a known one: the forwarder deletes the report either way.
        var result = await sender.Send(new ReportDeliveryStatusCommand(id, reference, recipient, status), ct);
        return result.IsSuccess ? TypedResults.NoContent() : result.Error!.ToProblem();
    }

    /// <summary>The body, once the forwarder's signature over it checks out; otherwise 401 (an unknown forwarder looks the same as a bad
    /// signature) or 413.</summary>
    private static async Task<(byte[]? Body, IResult? Failure)> VerifyAsync(Guid id, HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes) return (null, TooLarge);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes) return (null, TooLarge);
            buffer.Write(chunk, 0, read);
        }
        var body = buffer.ToArray();

        var services = request.HttpContext.RequestServices;
        var forwarder = await services.GetRequiredService<IForwarderRepository>().GetAsync(id, ct);
        if (forwarder is null) return (null, Unauthorized);
        var key = services.GetRequiredService<IForwarderKeyProtector>().Unprotect(forwarder.ProtectedKey);
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        var valid = ForwarderSignature.IsValid(key, request.Headers[ForwarderSignature.TimestampHeader], request.Headers[ForwarderSignature.SignatureHeader],
            request.Method, request.PathBase + request.Path, body, now);
        return valid ? (body, null) : (null, Unauthorized);
    }

    private static IResult Unauthorized => TypedResults.Problem(
        $"Missing or wrong {ForwarderSignature.SignatureHeader}, or {ForwarderSignature.TimestampHeader} outside ±5 minutes.",
        statusCode: StatusCodes.Status401Unauthorized);

    private static IResult TooLarge => TypedResults.Problem($"The body is larger than {MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
}
