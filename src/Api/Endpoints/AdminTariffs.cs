using Mediator;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Tariffs;
using SmsCallback.Application.Tariffs.AssignTariff;
using SmsCallback.Application.Tariffs.CreateTariff;
using SmsCallback.Application.Tariffs.DeleteTariff;
using SmsCallback.Application.Tariffs.DeleteTariffRate;
using SmsCallback.Application.Tariffs.ExportTariffRates;
using SmsCallback.Application.Tariffs.GetTariff;
using SmsCallback.Application.Tariffs.ImportTariffRates;
using SmsCallback.Application.Tariffs.ListTariffs;
using SmsCallback.Application.Tariffs.SetDefaultTariff;
using SmsCallback.Application.Tariffs.UpdateTariff;
using SmsCallback.Application.Tariffs.UpsertTariffRate;
using static SmsCallback.Api.Endpoints.AdminLots;
using static SmsCallback.Api.Infrastructure.ResultExtensions;

namespace SmsCallback.Api.Endpoints;

/// <summary>Tariffs and their prefix rates (docs/product.md §5): CRUD, the default tariff, CSV import and export, and an account's tariff.</summary>
internal sealed class AdminTariffs : IAdminEndpointGroup
{
    /// <summary>The largest rates CSV an import accepts (413 beyond).</summary>
    public const long MaxImportBytes = 20 * 1024 * 1024;

    public sealed record RateRequest(string? Prefix, string? Description, decimal? PricePerMinute, decimal? ConnectionFee, int? MinimumSeconds,
        int? IncrementSeconds)
    {
        public TariffRateInput ToInput(string? prefix = null) =>
            new(prefix ?? Prefix, Description, PricePerMinute, ConnectionFee ?? 0, MinimumSeconds ?? 0, IncrementSeconds ?? 1);
    }

    public sealed record CreateTariffRequest(string? Name, string? Currency, RateRequest[]? Rates);
    public sealed record UpdateTariffRequest(string? Name, string? Currency);
    public sealed record AssignTariffRequest(Guid? TariffId);
    public sealed record Imported(int Rates, string Mode);

    public void Map(RouteGroupBuilder admin)
    {
        var group = admin.MapGroup("/tariffs").WithTags("Tariffs");

        group.MapPost("", async (CreateTariffRequest body, ISender sender, CancellationToken ct) =>
        {
            var result = await sender.Send(new CreateTariffCommand(body.Name ?? "", body.Currency?.ToUpperInvariant() ?? "",
                [.. (body.Rates ?? []).Select(r => r.ToInput())]), ct);
            return result.IsSuccess ? Results.Created($"/api/admin/tariffs/{result.Value}", new Created(result.Value)) : result.Error!.ToProblem();
        }).WithSummary("Create a tariff: {name, currency, rates: [{prefix, description, pricePerMinute, connectionFee, minimumSeconds, incrementSeconds}]}.");

        group.MapGet("", async (ISender sender, CancellationToken ct) => Results.Ok(await sender.Send(new ListTariffsQuery(), ct)))
            .WithSummary("Every tariff with its currency, default flag, version and number of rates.");

        group.MapGet("/{id:guid}", (Guid id, int? page, int? pageSize, string? prefix, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new GetTariffQuery(id, page ?? 1, pageSize ?? 100, prefix), ct), Results.Ok))
            .WithSummary("A tariff and a page of its rates by prefix (?page=1&pageSize=100, at most 1000; ?prefix=48 keeps prefixes starting 48).");

        group.MapPut("/{id:guid}", (Guid id, UpdateTariffRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new UpdateTariffCommand(id, body.Name ?? "", body.Currency?.ToUpperInvariant() ?? ""), ct), _ => Results.NoContent()))
            .WithSummary("Rename a tariff or change its currency (409 while accounts are rated on it: currencies are kept apart).");

        group.MapDelete("/{id:guid}", (Guid id, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new DeleteTariffCommand(id), ct), _ => Results.NoContent()))
            .WithSummary("Delete a tariff with its rates (409 while accounts use it or it is the default).");

        group.MapPost("/{id:guid}/default", (Guid id, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new SetDefaultTariffCommand(id), ct), _ => Results.NoContent()))
            .WithSummary("Make the tariff the default: it rates every account without a tariff of its own.");

        group.MapPut("/{id:guid}/rates/{prefix}", (Guid id, string prefix, RateRequest body, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new UpsertTariffRateCommand(id, body.ToInput(prefix)), ct),
                created => created ? Results.Created($"/api/admin/tariffs/{id}/rates/{prefix}", null) : Results.NoContent()))
            .WithSummary("Add (201) or replace (204) a prefix's rate: {description, pricePerMinute, connectionFee, minimumSeconds, incrementSeconds}.");

        group.MapDelete("/{id:guid}/rates/{prefix}", (Guid id, string prefix, ISender sender, CancellationToken ct) =>
            Send(sender.Send(new DeleteTariffRateCommand(id, prefix), ct), _ => Results.NoContent()))
            .WithSummary("Remove a prefix from a tariff.");

        group.MapPost("/{id:guid}/rates/import", ImportAsync)
            .WithSummary("Import rates from CSV (text/csv body or a multipart file; header prefix,description,pricePerMinute,connectionFee," +
                "minimumSeconds,incrementSeconds). ?mode=replace (default) or merge. All or nothing: bad rows → 400 with their line numbers. " +
                "At most 20 MB (413).");

        group.MapGet("/{id:guid}/rates/export", async (Guid id, ISender sender, ITariffRateCsv csv, CancellationToken ct) =>
        {
            var result = await sender.Send(new ExportTariffRatesQuery(id), ct);
            if (!result.IsSuccess) return result.Error!.ToProblem();
            return Results.Stream(stream => csv.WriteAsync(stream, result.Value!.Rates, ct), "text/csv; charset=utf-8", $"tariff-{id}.csv");
        }).WithSummary("The tariff's rates as CSV, in the import's format.");

        admin.MapPut("/accounts/{id:guid}/tariff", (Guid id, AssignTariffRequest body, ISender sender, CancellationToken ct) =>
            body.TariffId is not { } tariffId
                ? Task.FromResult(Error.Invalid("tariffId", "tariffId is required.").ToProblem())
                : Send(sender.Send(new AssignTariffCommand(id, tariffId), ct), _ => Results.NoContent()))
            .WithTags("Accounts")
            .WithSummary("Rate the account on a tariff; its currency follows the tariff's (409 if its money is in another currency).");
    }

    private static async Task<IResult> ImportAsync(Guid id, string? mode, HttpRequest request, ISender sender, CancellationToken ct)
    {
        if (mode is not (null or "replace" or "merge"))
            return Error.Invalid("mode", "mode is replace (the default) or merge.").ToProblem();
        if (request.ContentLength > MaxImportBytes) return TooLarge();

        using var buffer = new MemoryStream();
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            if (form.Files.Count == 0) return Error.Invalid("file", "Send the CSV as a file in the form, or as a text/csv body.").ToProblem();
            if (form.Files[0].Length > MaxImportBytes) return TooLarge();
            await using var file = form.Files[0].OpenReadStream();
            if (!await CopyAtMostAsync(file, buffer, MaxImportBytes, ct)) return TooLarge();
        }
        else if (!await CopyAtMostAsync(request.Body, buffer, MaxImportBytes, ct)) return TooLarge();
        buffer.Position = 0;

        var result = await sender.Send(new ImportTariffRatesCommand(id, buffer, mode == "merge"), ct);
        if (!result.IsSuccess) return result.Error!.ToProblem();
        var import = result.Value!;
        if (!import.Succeeded)
            return TypedResults.ValidationProblem(import.Errors.GroupBy(e => $"line {e.Line}").ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                title: "The CSV has errors; nothing was stored.");
        return Results.Ok(new Imported(import.Imported, mode ?? "replace"));
    }

    private static IResult TooLarge() =>
        TypedResults.Problem($"A rates CSV has at most {MaxImportBytes / (1024 * 1024)} MB.", statusCode: StatusCodes.Status413PayloadTooLarge);

    private static async Task<bool> CopyAtMostAsync(Stream from, Stream to, long max, CancellationToken ct)
    {
        var chunk = new byte[81920];
        long total = 0;
        int read;
        while ((read = await from.ReadAsync(chunk, ct)) > 0)
        {
            total += read;
            if (total > max) return false;
            await to.WriteAsync(chunk.AsMemory(0, read), ct);
        }
        return true;
    }
}
