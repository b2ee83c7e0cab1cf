using Mediator;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Accounts.CreateAccount;

namespace SmsCallback.Api.Endpoints;

internal static class AdminAccounts
{
    public sealed record CreateAccountRequest(string? Login, string? Password);
    public sealed record Created(Guid Id);

    public static void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/accounts").WithTags("Accounts");

        group.MapPost("", async (CreateAccountRequest body, ISender sender, CancellationToken ct) =>
        {
            var result = await sender.Send(new CreateAccountCommand(body.Login ?? "", body.Password ?? ""), ct);
            return result.IsSuccess ? Results.Created($"/api/admin/accounts/{result.Value}", new Created(result.Value)) : result.Error!.ToProblem();
        }).WithSummary("Create a customer account.");

        AccountResources.Map(group.MapGroup("/{id:guid}"), http => Guid.Parse((string)http.GetRouteValue("id")!));
    }
}
