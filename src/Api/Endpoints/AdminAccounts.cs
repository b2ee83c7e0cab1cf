using Mediator;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Accounts.CreateAccount;
using SmsCallback.Application.Accounts.RegisterPhone;

namespace SmsCallback.Api.Endpoints;

internal static class AdminAccounts
{
    public sealed record CreateAccountRequest(string? Login, string? Password);
    public sealed record RegisterPhoneRequest(string? Number);
    public sealed record Created(Guid Id);

    public static void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/accounts").WithTags("Accounts");

        group.MapPost("", async (CreateAccountRequest body, ISender sender, CancellationToken ct) =>
        {
            var result = await sender.Send(new CreateAccountCommand(body.Login ?? "", body.Password ?? ""), ct);
            return result.IsSuccess ? Results.Created($"/api/admin/accounts/{result.Value}", new Created(result.Value)) : result.Error!.ToProblem();
        }).WithSummary("Create a customer account.");

        group.MapPost("/{id:guid}/phones", async (Guid id, RegisterPhoneRequest body, ISender sender, CancellationToken ct) =>
        {
            var result = await sender.Send(new RegisterPhoneCommand(id, body.Number ?? ""), ct);
            return result.IsSuccess ? Results.Created($"/api/admin/accounts/{id}/phones/{result.Value!.Id}", result.Value) : result.Error!.ToProblem();
        }).WithSummary("Register a phone number to an account (stored in E.164).");
    }
}
