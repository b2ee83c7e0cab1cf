using Mediator;
using SmsCallback.Application.Ivr.GetIvrSettings;
using SmsCallback.Application.Ivr.UpdateIvrSettings;

namespace SmsCallback.Api.Endpoints;

/// <summary>The IVR settings (the original product's "VPConfig").</summary>
internal sealed class AdminIvr : IAdminEndpointGroup
{
    public sealed record IvrSettingsRequest(bool? Enabled, string? EndLegCode, string? BalanceCode, int? DigitTimeoutMs, int? MaxAttempts,
        bool? AnnounceMaxTime, string? Language);

    public void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/ivr-settings").WithTags("IVR");
        group.MapGet("", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new GetIvrSettingsQuery(), ct)));
        group.MapPut("", async (IvrSettingsRequest body, ISender sender, CancellationToken ct) =>
        {
            var current = await sender.Send(new GetIvrSettingsQuery(), ct); // a field left out keeps its value
            return Results.Ok(await sender.Send(new UpdateIvrSettingsCommand(body.Enabled ?? current.Enabled, body.EndLegCode ?? current.EndLegCode,
                body.BalanceCode ?? current.BalanceCode, body.DigitTimeoutMs ?? current.DigitTimeoutMs, body.MaxAttempts ?? current.MaxAttempts,
                body.AnnounceMaxTime ?? current.AnnounceMaxTime, body.Language ?? current.Language), ct));
        }).WithSummary("{\"enabled\",\"endLegCode\",\"balanceCode\",\"digitTimeoutMs\",\"maxAttempts\",\"announceMaxTime\",\"language\"}");
    }
}
