using Mediator;
using SmsCallback.Api.Webhooks;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Sms.ReceiveInboundSms;

namespace SmsCallback.Api.Endpoints;

/// <summary>The carriers' webhooks, one route per registered carrier (<see cref="ICarrier"/>): <c>/api/sms/inbound/{channel}</c>, GET and POST.
/// The request is read here (size limit, form or JSON); the carrier finds the access number (by the receiving number, or for Kannel by the
/// URL secret) and verifies it its own way (401 when the proof is missing, 403 when it is wrong; nothing stored). The SMS is stored once
/// per carrier message id and the carrier gets the answer it expects. Processing happens after the answer.</summary>
internal static class CarrierWebhooks
{
    private static readonly string[] GetAndPost = ["GET", "POST"];

    public static void Map(RouteGroupBuilder group)
    {
        foreach (var carrier in ((IEndpointRouteBuilder)group).ServiceProvider.GetServices<ICarrier>())
            group.MapMethods("/" + carrier.Channel, GetAndPost,
                    (HttpRequest http, ISender sender, IConfiguration config, CancellationToken ct) => ReceiveAsync(carrier, http, sender, config, ct))
                .WithSummary(carrier.WebhookSummary);
    }

    private static async Task<IResult> ReceiveAsync(ICarrier carrier, HttpRequest http, ISender sender, IConfiguration config, CancellationToken ct)
    {
        var (request, problem) = await CarrierWebhook.ReadAsync(http, carrier.WebhookBodyIsText, config, ct);
        if (request is null) return problem!;
        switch (await carrier.ReceiveAsync(request, ct))
        {
            case CarrierInbound.Refused refused:
                return TypedResults.Problem(refused.Detail, statusCode: refused.Status);
            case CarrierInbound.Part part:
                await sender.Send(part.Command, ct);
                return Answer(part.Answer);
            case CarrierInbound.Message m:
                // A repeat of the same carrier message id is acknowledged and ignored by the command.
                if (string.IsNullOrEmpty(m.Id) || string.IsNullOrEmpty(m.From) || m.Text is null)
                    return TypedResults.Problem("The message id, the sender and the text are required.", statusCode: StatusCodes.Status400BadRequest);
                await sender.Send(new ReceiveInboundSmsCommand(carrier.Channel, m.Id, m.From, m.To ?? "", m.Text, m.ReceivedAt), ct);
                return Answer(m.Answer);
            default:
                throw new InvalidOperationException($"{carrier.Channel} answered {nameof(CarrierInbound)} of an unknown kind.");
        }
    }

    private static IResult Answer(CarrierAnswer answer) =>
        answer.Content is null ? TypedResults.Ok() : TypedResults.Text(answer.Content, answer.ContentType);
}
