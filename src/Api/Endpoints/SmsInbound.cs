using FluentValidation;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Api.Webhooks;
using SmsCallback.Application.Sms.ReceiveInboundSms;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Api.Endpoints;

/// <summary>Webhooks through which channels deliver SMS. Anonymous, but every request is verified by signature before anything is stored.</summary>
internal sealed class SmsInbound : IEndpointGroup
{
    public const string GenericChannel = SmsChannels.Generic;

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/sms/inbound").WithTags("Inbound SMS")
            .Public("carriers call it; each request is verified by the carrier's signature or URL secret before anything is stored");
        group.MapPost("/generic", ReceiveGeneric)
            .Accepts<GenericInboundSms>("application/json")
            .WithSummary("Receive an SMS in the generic JSON format, signed with X-Signature: sha256=<hex HMAC-SHA256(secret, body)>.");
        CarrierWebhooks.Map(group);
    }

    public sealed record Accepted(Guid Id, bool Duplicate);

    private static readonly ReceiveInboundSmsValidator Validator = new();

    /// <remarks>The hot path (docs/adr/0037-group-committed-inbox.md): the command is validated as the mediator would, then handed straight to
    /// the inbox writer, which commits it; there is no unit of work of the request's own to save, so no pipeline and no scope.</remarks>
    private static async Task<IResult> ReceiveGeneric(HttpRequest request, InboundSmsReception reception, GenericWebhookSecret secret, CancellationToken ct)
    {
        var body = await GenericWebhook.ReadBodyAsync(request, ct);
        if (body is null)
            return TypedResults.Problem($"The body is larger than {GenericWebhook.MaxBodyBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge);
        if (!GenericWebhook.IsSignatureValid(request.Headers[GenericWebhook.SignatureHeader], body, secret.Key))
            return TypedResults.Problem("Missing or wrong X-Signature.", statusCode: StatusCodes.Status401Unauthorized);

        var sms = GenericWebhook.Parse(body);
        if (sms is null)
            return TypedResults.Problem("The body is not a JSON object of the generic SMS format.", statusCode: StatusCodes.Status400BadRequest);

        var command = new ReceiveInboundSmsCommand(GenericChannel, sms.MessageId ?? "", sms.From ?? "", sms.To ?? "", sms.Text!, sms.ReceivedAt);
        var validation = Validator.Validate(command);
        if (!validation.IsValid) throw new ValidationException(validation.Errors); // 400 with the fields, as through the mediator
        var result = await reception.ReceiveAsync(command.Channel, command.MessageId, command.From, command.To, command.Text, command.ReceivedAt, ct);
        return TypedResults.Ok(new Accepted(result.Id, result.Duplicate));
    }
}
