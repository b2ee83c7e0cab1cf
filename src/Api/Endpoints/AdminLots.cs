using Mediator;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Accounts.GetAccountSummary;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Lots.CreateLot;
using SmsCallback.Application.Lots.DeleteLot;
using SmsCallback.Application.Lots.DeleteLotExport;
using SmsCallback.Application.Lots.GetLot;
using SmsCallback.Application.Lots.GetLotExport;
using SmsCallback.Application.Lots.ListLotAccounts;
using SmsCallback.Application.Lots.ListLots;
using SmsCallback.Application.Lots.SetLotStatus;
using SmsCallback.Application.Lots.TopUpLot;
using SmsCallback.Domain.Accounts;

using static SmsCallback.Api.Infrastructure.ResultExtensions;

namespace SmsCallback.Api.Endpoints;

/// <summary>Credential lots: prepaid accounts generated in bulk, their progress, export and management (docs/product.md §8).</summary>
internal sealed class AdminLots : IAdminEndpointGroup
{
    public sealed record CreateLotRequest(
        int? Count, string? LoginPrefix, int? LoginLength, int? PasswordLength, string? PasswordAlphabet, decimal? InitialBalance, Guid? TariffId,
        ServicesDto? Services, string? Language = null);
    public sealed record Created(Guid Id);
    public sealed record TopUpRequest(decimal? Amount, string? Note);
    public sealed record Changed(int Accounts);

    public void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/lots").WithTags("Lots");

        group.MapPost("", async (CreateLotRequest body, ISender sender, CancellationToken ct) =>
        {
            if (!TryParseAlphabet(body.PasswordAlphabet, out var alphabet))
                return Error.Invalid("passwordAlphabet", "The password alphabet is digits or alphanumeric.").ToProblem();
            var id = await sender.Send(new CreateLotCommand(body.Count ?? 0, body.LoginPrefix ?? "", body.LoginLength ?? 8, body.PasswordLength ?? 8,
                alphabet, body.InitialBalance ?? 0, body.TariffId, body.Services?.ToFlags() ?? AccountServices.All, body.Language), ct);
            return Results.Accepted($"/api/admin/lots/{id}", new Created(id));
        }).WithSummary("Generate a lot in the background: 202 with its id; follow GET /api/admin/lots/{id}.");

        group.MapGet("", async (int? skip, int? take, ISender sender, CancellationToken ct) =>
            Results.Ok(await sender.Send(new ListLotsQuery(skip ?? 0, take ?? 100), ct)));

        group.MapGet("/{id:guid}", (Guid id, ISender sender, CancellationToken ct) => Send(sender.Send(new GetLotQuery(id), ct), Results.Ok))
            .WithSummary("The lot's state (Pending, Running, Completed, Failed), requested and generated counts and percent.");

        group.MapGet("/{id:guid}/accounts", (Guid id, string? search, int? skip, int? take, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new ListLotAccountsQuery(id, search, skip ?? 0, take ?? 100), ct), Results.Ok));

        group.MapGet("/{id:guid}/export", (Guid id, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new GetLotExportQuery(id), ct), csv => Results.Text(csv, "text/csv")))
            .WithSummary("The CSV with the plaintext passwords (login,password,balance,tariff). Delete it once it is printed or handed over.");

        group.MapDelete("/{id:guid}/export", (Guid id, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new DeleteLotExportCommand(id), ct), _ => Results.NoContent()))
            .WithSummary("Delete the export; afterwards the passwords exist only as hashes.");

        group.MapPost("/{id:guid}/block", (Guid id, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new SetLotStatusCommand(id, Blocked: true), ct), n => Results.Ok(new Changed(n))));

        group.MapPost("/{id:guid}/unblock", (Guid id, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new SetLotStatusCommand(id, Blocked: false), ct), n => Results.Ok(new Changed(n))));

        group.MapPost("/{id:guid}/topups", (Guid id, TopUpRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new TopUpLotCommand(id, body.Amount ?? 0, body.Note), ct), n => Results.Ok(new Changed(n))))
            .WithSummary("Add the amount to every account of the lot (one transaction).");

        group.MapDelete("/{id:guid}", (Guid id, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new DeleteLotCommand(id), ct), _ => Results.NoContent()))
            .WithSummary("Delete the lot with its accounts, only while none of them was used (409 otherwise).");
    }

    private static bool TryParseAlphabet(string? value, out PasswordAlphabet alphabet)
    {
        alphabet = PasswordAlphabet.Digits;
        if (value is null || value.Equals("digits", StringComparison.OrdinalIgnoreCase)) return true;
        if (!value.Equals("alphanumeric", StringComparison.OrdinalIgnoreCase)) return false;
        alphabet = PasswordAlphabet.Alphanumeric;
        return true;
    }

}
