using Mediator;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Callbacks.GetCallback;
using SmsCallback.Application.Callbacks.RequestCallback;

namespace SmsCallback.Api.Endpoints;

/// <summary>Web callback: a signed-in customer starts a callback and follows it.</summary>
internal sealed class Callbacks : IEndpointGroup
{
    public sealed record CallbackRequest(string? Destination, string? PhonebookName, int? PhonebookIndex, string? Source, DateTimeOffset? At = null);
    public sealed record Accepted(Guid Id);

    public void Map(IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/callbacks").WithTags("Callbacks").RequireAuthorization(Roles.Client);

        group.MapPost("", async (CallbackRequest body, HttpContext http, ISender sender, CancellationToken ct) =>
        {
            var result = await sender.Send(new RequestCallbackCommand(AccountOf(http), body.Destination, body.PhonebookName, body.PhonebookIndex, body.Source, body.At), ct);
            return result.IsSuccess ? Results.Accepted($"/api/callbacks/{result.Value}", new Accepted(result.Value)) : result.Error!.ToProblem();
        }).WithSummary("Call the source (default: the first registered phone), then the destination, a phonebook name or a phonebook position; "
            + "at once, or at 'at' (within the next 24 hours; the credit is held from now).");

        group.MapGet("/{id:guid}", async (Guid id, HttpContext http, ISender sender, CancellationToken ct) =>
        {
            var result = await sender.Send(new GetCallbackQuery(id, AccountOf(http)), ct);
            return result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();
        }).WithSummary("A callback's state and legs.");
    }

    private static Guid AccountOf(HttpContext http) => Guid.Parse(http.User.FindFirst("sub")!.Value);
}
