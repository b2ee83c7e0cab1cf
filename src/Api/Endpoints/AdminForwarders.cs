using Mediator;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Forwarders.ListForwarders;
using SmsCallback.Application.Forwarders.RegisterForwarder;

namespace SmsCallback.Api.Endpoints;

internal sealed class AdminForwarders : IAdminEndpointGroup
{
    public sealed record RegisterForwarderRequest(string? Name, string? AccessNumber);

    public void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/forwarders").WithTags("Forwarders");

        group.MapPost("", async (RegisterForwarderRequest body, ISender sender, CancellationToken ct) =>
        {
            var result = await sender.Send(new RegisterForwarderCommand(body.Name ?? "", body.AccessNumber ?? ""), ct);
            return result.IsSuccess
                ? Results.Created($"/api/admin/forwarders/{result.Value!.Id}", result.Value)
                : result.Error!.ToProblem();
        }).WithSummary("Register a forwarder for an access number; the answer's key is shown only this once.");

        group.MapGet("", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListForwardersQuery(), ct)))
            .WithSummary("Every forwarder with its last contact and the modem's signal and registration.");
    }
}
