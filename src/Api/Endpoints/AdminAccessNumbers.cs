using System.Text.Json;
using System.Text.Json.Serialization;
using Mediator;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.AccessNumbers.CreateAccessNumber;
using SmsCallback.Application.AccessNumbers.DeleteAccessNumber;
using SmsCallback.Application.AccessNumbers.GetAccessNumbers;
using SmsCallback.Application.AccessNumbers.ReplaceAccessNumberSettings;
using SmsCallback.Application.AccessNumbers.SetAccessNumberCallerIds;
using static SmsCallback.Api.Infrastructure.ResultExtensions;

namespace SmsCallback.Api.Endpoints;

/// <summary>Access numbers with their channel and settings. Secrets go in once, at creation, and never come out.</summary>
internal sealed class AdminAccessNumbers : IAdminEndpointGroup
{
    /// <summary><c>{number, channel, secret, "&lt;channel&gt;": {…the carrier's settings}}</c>: the carrier's settings are the property named
    /// after the channel (<c>"twilio": {accountSid, authToken}</c>); the carrier (<see cref="ICarrier"/>) checks them.</summary>
    public sealed record CreateAccessNumberRequest(string? Number, string? Channel, string? Secret, string? Language = null)
    {
        [JsonExtensionData]
        public Dictionary<string, JsonElement>? Carrier { get; init; }

        public CreateAccessNumberCommand ToCommand()
        {
            var channel = Channel?.ToLowerInvariant() ?? "";
            var settings = Carrier?.FirstOrDefault(p => string.Equals(p.Key, channel, StringComparison.OrdinalIgnoreCase)).Value;
            return new CreateAccessNumberCommand(Number ?? "", channel, Secret, settings is { ValueKind: not JsonValueKind.Undefined } s ? s : null,
                Language);
        }
    }

    /// <param name="Warning">present when the number was accepted with a weakened check (<c>"allowUnsigned": true</c>).</param>
    public sealed record Created(Guid Id, [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] string? Warning);

    public void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/access-numbers").WithTags("Access numbers");

        group.MapPost("", async (CreateAccessNumberRequest body, ISender sender, CancellationToken ct) =>
        {
            var result = await sender.Send(body.ToCommand(), ct);
            return result.IsSuccess
                ? Results.Created($"/api/admin/access-numbers/{result.Value!.Id}", new Created(result.Value.Id, result.Value.Warning))
                : result.Error!.ToProblem();
        }).WithSummary("Register an access number: {number, channel, secret, twilio|vonage|plivo|kannel: {…settings}}. Carrier URLs are public " +
            "https; a Vonage number needs signatureSecret or \"allowUnsigned\": true (answered with a warning).");

        group.MapGet("", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetAccessNumbersQuery(), ct)))
            .WithSummary("Every access number with its settings (secrets are never shown).");

        group.MapGet("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            await sender.Send(new GetAccessNumberQuery(id), ct) is { IsSuccess: true } r ? Results.Ok(r.Value) : Results.NotFound())
            .WithSummary("One access number (secrets are never shown).");

        group.MapPut("/{id:guid}", async (Guid id, CreateAccessNumberRequest body, ISender sender, CancellationToken ct) =>
        {
            var result = await sender.Send(new ReplaceAccessNumberSettingsCommand(id, body.ToCommand()), ct);
            return result.IsSuccess ? Results.Ok(new Created(result.Value!.Id, result.Value.Warning)) : result.Error!.ToProblem();
        }).WithSummary("Replace the settings and secrets of an access number (the same body as registering it; number and channel stay): " +
            "how a carrier token or a signature or URL secret is rotated.");

        group.MapPut("/{id:guid}/caller-id", (Guid id, AdminAccounts.CallerIdRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new SetAccessNumberCallerIdsCommand(id, body.LegA, body.LegB), ct), ids => Results.Ok(ids)))
            .WithSummary("{\"legA\": number or null, \"legB\": number or null}: what callbacks of customers who wrote to or rang this number show " +
                "on their phone (A; default: this number) and on the number called (B; default: the customer's own number). An account's own win.");

        group.MapDelete("/{id:guid}", async (Guid id, ISender sender, CancellationToken ct) =>
            await sender.Send(new DeleteAccessNumberCommand(id), ct) is { IsSuccess: true } ? Results.NoContent() : Results.NotFound())
            .WithSummary("Remove an access number; its webhooks are refused from then on.");
    }
}
