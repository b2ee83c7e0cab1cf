using Mediator;
using SmsCallback.Application.Callbacks.GetCallbacks;
using SmsCallback.Application.Sms.GetInbox;
using SmsCallback.Application.Sms.GetOutbox;

namespace SmsCallback.Api.Endpoints;

/// <summary>What the platform received, sent and dialled, newest first.</summary>
internal sealed class AdminMonitoring : IAdminEndpointGroup
{
    public void Map(RouteGroupBuilder admin)
    {
        admin.MapGet("/callbacks", async (string? state, int? skip, int? take, ISender sender, CancellationToken ct) =>
            {
                if (state is not null && !state.Equals("active", StringComparison.OrdinalIgnoreCase))
                    return Results.Problem("state may only be 'active'.", statusCode: StatusCodes.Status400BadRequest);
                return Results.Ok(await sender.Send(new GetCallbacksQuery(state is not null, skip ?? 0, take ?? 100), ct));
            })
            .WithTags("Callbacks").WithSummary("Callbacks and their legs; ?state=active for those still in progress.");

        admin.MapGet("/sms/inbox", async (int? skip, int? take, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(new GetInboxQuery(skip ?? 0, take ?? 100), ct)))
            .WithTags("SMS").WithSummary("Inbound SMS and what processing made of them.");

        admin.MapGet("/sms/outbox", async (int? skip, int? take, ISender sender, CancellationToken ct) =>
                Results.Ok(await sender.Send(new GetOutboxQuery(skip ?? 0, take ?? 100), ct)))
            .WithTags("SMS").WithSummary("Outbound SMS with their sending status and attempts.");
    }
}
