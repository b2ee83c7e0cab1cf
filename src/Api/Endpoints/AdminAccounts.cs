using Mediator;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Accounts.CreateAccount;
using SmsCallback.Application.Accounts.GetAccountSummary;
using SmsCallback.Application.Accounts.ListAccounts;
using SmsCallback.Application.Accounts.ResetPassword;
using SmsCallback.Application.Accounts.SetAccountStatus;
using SmsCallback.Application.Accounts.SetCallerIds;
using SmsCallback.Application.Accounts.SetFraudControls;
using SmsCallback.Application.Accounts.TopUpAccount;
using SmsCallback.Application.Accounts.UpdateAccount;
using SmsCallback.Domain.Accounts;
using static SmsCallback.Api.Endpoints.AdminLots;
using static SmsCallback.Api.Infrastructure.ResultExtensions;

namespace SmsCallback.Api.Endpoints;

internal sealed class AdminAccounts : IAdminEndpointGroup
{
    public sealed record CreateAccountRequest(string? Login, string? Password, string? Language = null);
    public sealed record UpdateAccountRequest(Guid? TariffId, decimal? CreditLimit, ServicesDto? Services, int? MaxConcurrentCallbacks, string? Language = null);
    public sealed record PasswordRequest(string? Password);
    public sealed record Balance(decimal Value);
    public sealed record FraudControlsRequest(string[]? AllowedPrefixes, decimal? DailySpendCap);
    public sealed record FailureNoticesRequest(bool? NotifyFailures);

    /// <summary>The caller IDs shown on leg A (the customer's phone) and leg B (the number called); empty or null: not set here.</summary>
    public sealed record CallerIdRequest(string? LegA, string? LegB);

    public void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/accounts").WithTags("Accounts");

        group.MapPost("", async (CreateAccountRequest body, ISender sender, CancellationToken ct) =>
        {
            var result = await sender.Send(new CreateAccountCommand(body.Login ?? "", body.Password ?? "", body.Language), ct);
            return result.IsSuccess ? Results.Created($"/api/admin/accounts/{result.Value}", new Created(result.Value)) : result.Error!.ToProblem();
        }).WithSummary("Create a customer account.");

        group.MapGet("", async (string? search, int? skip, int? take, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new ListAccountsQuery(search, skip ?? 0, take ?? 100), ct)))
            .WithSummary("Accounts by login; ?search= matches part of the login; ?skip=&take= page (total in the answer).");

        var account = group.MapGroup("/{id:guid}");
        account.MapPut("", (Guid id, UpdateAccountRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new UpdateAccountCommand(id, body.TariffId, body.CreditLimit ?? 0, body.Services?.ToFlags() ?? AccountServices.All,
                body.MaxConcurrentCallbacks ?? Account.DefaultMaxConcurrentCallbacks, body.Language), ct), _ => Results.NoContent()))
            .WithSummary("Tariff, credit limit, services, maximum of concurrent callbacks (omitted fields take their defaults) and language (omitted: kept).");

        account.MapPost("/block", (Guid id, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new SetAccountStatusCommand(id, Blocked: true), ct), _ => Results.NoContent()));

        account.MapPost("/unblock", (Guid id, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new SetAccountStatusCommand(id, Blocked: false), ct), _ => Results.NoContent()));

        account.MapPost("/password", (Guid id, PasswordRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new ResetPasswordCommand(id, body.Password ?? ""), ct), _ => Results.NoContent()))
            .WithSummary("Set a new password for the account.");

        account.MapPost("/topups", (Guid id, TopUpRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new TopUpAccountCommand(id, body.Amount ?? 0, body.Note), ct), b => Results.Ok(new Balance(b))))
            .WithSummary("Add credit (a negative amount corrects); the answer is the new balance.");

        account.MapPost("/corrections", (Guid id, TopUpRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new TopUpAccountCommand(id, body.Amount ?? 0, body.Note, LedgerReason.Adjustment), ct), b => Results.Ok(new Balance(b))))
            .WithSummary("Correct the balance by an amount (either sign) with a note saying why; recorded as an adjustment in the ledger.");

        account.MapPut("/fraud-controls", (Guid id, FraudControlsRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new SetFraudControlsCommand(id, body.AllowedPrefixes ?? [], body.DailySpendCap), ct), _ => Results.NoContent()))
            .WithSummary("{\"allowedPrefixes\":[digits…] (empty: any destination not blocked), \"dailySpendCap\": amount or null}.");

        account.MapPut("/caller-id", (Guid id, CallerIdRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new SetAccountCallerIdsCommand(id, body.LegA, body.LegB), ct), ids => Results.Ok(ids)))
            .WithSummary("{\"legA\": number or null, \"legB\": number or null}: what this account's callbacks show on the customer's phone (A) and on " +
                "the number called (B); wins over the access number's. Null or empty: the access number's choice, then the defaults.");
        account.MapPut("/failure-notices", async (Guid id, FailureNoticesRequest body, ISender sender, CancellationToken ct) =>
            body.NotifyFailures is not { } notify
                ? Results.ValidationProblem(new Dictionary<string, string[]> { ["notifyFailures"] = ["Give notifyFailures: true or false."] })
                : await Send(sender.Send(new Application.Accounts.SetFailureNotices.SetFailureNoticesCommand(id, notify), ct), _ => Results.NoContent()))
            .WithSummary("{\"notifyFailures\": true|false}: whether the customer gets an SMS saying why a callback failed (default true).");

        AccountResources.Map(account, http => Guid.Parse((string)http.GetRouteValue("id")!), AccountResources.PhoneRegistration.ByOperator);
    }
}
