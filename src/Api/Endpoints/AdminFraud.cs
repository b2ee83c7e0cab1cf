using Mediator;
using SmsCallback.Application.Fraud.BlockPrefix;
using SmsCallback.Application.Fraud.ListBlockedPrefixes;
using SmsCallback.Application.Fraud.UnblockPrefix;
using static SmsCallback.Api.Infrastructure.ResultExtensions;

namespace SmsCallback.Api.Endpoints;

/// <summary>Installation-wide fraud controls: destination prefixes no account may call.</summary>
internal sealed class AdminFraud : IAdminEndpointGroup
{
    public sealed record BlockedPrefixRequest(string? Description);

    public void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/fraud/blocked-prefixes").WithTags("Fraud");
        group.MapGet("", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new ListBlockedPrefixesQuery(), ct)))
            .WithSummary("Blocked destination prefixes (premium-rate and high-risk ranges by default).");
        group.MapPut("/{prefix}", (string prefix, BlockedPrefixRequest? body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new BlockPrefixCommand(prefix, body?.Description), ct), Results.Ok))
            .WithSummary("Block a prefix (digits without '+'), or change its description: {\"description\"}.");
        group.MapDelete("/{prefix}", (string prefix, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new UnblockPrefixCommand(prefix), ct), _ => Results.NoContent()));
    }
}
