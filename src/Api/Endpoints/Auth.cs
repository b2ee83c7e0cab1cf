using Mediator;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Accounts.IssueToken;

namespace SmsCallback.Api.Endpoints;

internal sealed class Auth : IEndpointGroup
{
    public sealed record TokenRequest(string? Login, string? Password);

    public void Map(IEndpointRouteBuilder app)
    {
        app.MapPost("/api/auth/token", async (TokenRequest body, HttpContext http, ISender sender, CancellationToken ct) =>
            {
                var result = await sender.Send(new IssueTokenCommand(body.Login ?? "", body.Password ?? "", ClientAddress.Of(http)), ct);
                return result.IsSuccess ? Results.Ok(result.Value) : result.Error!.ToProblem();
            })
            .WithTags("Auth").Public("the sign-in itself").RequireSignInRateLimit()
            .WithSummary("Exchange a login and password for a bearer token ({accessToken, expiresAt}). 429 after too many failures or requests "
                + "from the caller's address.");
    }
}
