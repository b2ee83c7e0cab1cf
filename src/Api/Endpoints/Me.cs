using Mediator;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Accounts.ChangeOwnPassword;

namespace SmsCallback.Api.Endpoints;

/// <summary>The signed-in customer's own account (role client).</summary>
internal sealed class Me : IEndpointGroup
{
    public sealed record ChangePasswordRequest(string? CurrentPassword, string? NewPassword);

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/me").WithTags("Me").RequireAuthorization(Infrastructure.Roles.Client);
        AccountResources.Map(group, AccountOf, AccountResources.PhoneRegistration.ByCode);
        CallHistory.MapForCustomer(group, AccountOf);

        group.MapPost("/password", (HttpContext http, ChangePasswordRequest body, ISender sender, CancellationToken ct) =>
            Infrastructure.ResultExtensions.Send(sender.Send(new ChangeOwnPasswordCommand(AccountOf(http), body.CurrentPassword ?? "", body.NewPassword ?? "",
                    Infrastructure.ClientAddress.Of(http)), ct),
                _ => Results.NoContent()))
            .RequireSignInRateLimit()
            .WithSummary("Change your password; the current one is required (429 after too many wrong ones). Every token issued before ends: sign in again.");
    }

    private static Guid AccountOf(HttpContext http) => Guid.Parse(http.User.FindFirst("sub")!.Value);
}
