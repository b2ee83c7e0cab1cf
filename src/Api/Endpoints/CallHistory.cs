using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Api.Infrastructure;
using SmsCallback.Application.Calls.ExportCallHistory;
using SmsCallback.Application.Calls.GetCallHistory;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Api.Endpoints;

/// <summary>Call history, one item per leg, and its CSV export: the customer's own under <c>/api/me/calls</c>, any account's or everyone's
/// under <c>/api/admin</c>. Filters: <c>from</c>/<c>to</c> (ISO 8601 instants on the leg's start, from inclusive, to exclusive) and
/// <c>number</c> (E.164 for an exact match, digits for a substring).</summary>
internal sealed class CallHistory : IAdminEndpointGroup
{
    public sealed record Filters(string? From, string? To, string? Number);
    public sealed record Paging(int? Page, int? PageSize);

    private const string ListSummary =
        "Call legs, newest first: ?from=&to= (ISO 8601 instants, on the leg's start), ?number= (+E.164 exact or digits contained), ?page=&pageSize= (1-based, 50, max 500).";
    private const string ExportSummary = "The same legs as CSV (same filters, no paging), streamed as they are read.";

    public static void MapForCustomer(RouteGroupBuilder me, Func<HttpContext, Guid> accountOf)
    {
        me.MapGet("/calls", (HttpContext http, [AsParameters] Filters f, [AsParameters] Paging p, ISender sender, CancellationToken ct) =>
            List(sender, new GetCallHistoryQuery(accountOf(http), false, f.From, f.To, f.Number, p.Page, p.PageSize), ct))
            .WithTags("Calls").WithSummary(ListSummary);

        me.MapGet("/calls/export", (HttpContext http, [AsParameters] Filters f, ISender sender, CancellationToken ct) =>
            Export(sender, new ExportCallHistoryQuery(accountOf(http), false, f.From, f.To, f.Number), ct))
            .WithTags("Calls").WithSummary(ExportSummary);
    }

    public void Map(RouteGroupBuilder admin) => MapForAdmin(admin);

    private static void MapForAdmin(RouteGroupBuilder admin)
    {
        var calls = admin.MapGroup("/calls").WithTags("Calls");
        calls.MapGet("", (Guid? accountId, [AsParameters] Filters f, [AsParameters] Paging p, ISender sender, CancellationToken ct) =>
            List(sender, new GetCallHistoryQuery(accountId, true, f.From, f.To, f.Number, p.Page, p.PageSize), ct))
            .WithSummary(ListSummary + " ?accountId= narrows to one account; items carry accountId and login.");

        calls.MapGet("/export", (Guid? accountId, [AsParameters] Filters f, ISender sender, CancellationToken ct) =>
            Export(sender, new ExportCallHistoryQuery(accountId, true, f.From, f.To, f.Number), ct))
            .WithSummary(ExportSummary + " Adds the accountId and login columns.");

        var account = admin.MapGroup("/accounts/{id:guid}/calls").WithTags("Calls");
        account.MapGet("", (Guid id, [AsParameters] Filters f, [AsParameters] Paging p, ISender sender, CancellationToken ct) =>
            List(sender, new GetCallHistoryQuery(id, true, f.From, f.To, f.Number, p.Page, p.PageSize), ct))
            .WithSummary("One account's call legs: " + ListSummary);

        account.MapGet("/export", (Guid id, [AsParameters] Filters f, ISender sender, CancellationToken ct) =>
            Export(sender, new ExportCallHistoryQuery(id, true, f.From, f.To, f.Number), ct))
            .WithSummary("One account's call legs as CSV.");
    }

    private static async Task<IResult> List(ISender sender, GetCallHistoryQuery query, CancellationToken ct)
    {
        var result = await sender.Send(query, ct);
        return result.IsSuccess ? TypedResults.Ok(result.Value) : result.Error!.ToProblem();
    }

    /// <summary>Validation and the account check happen before the first byte; then the rows go from the database to the response body.</summary>
    private static async Task<IResult> Export(ISender sender, ExportCallHistoryQuery query, CancellationToken ct)
    {
        Result<CallHistoryExport> result = await sender.Send(query, ct);
        if (!result.IsSuccess) return result.Error!.ToProblem();
        var export = result.Value!;
        return TypedResults.Stream(async body => await export.WriteToAsync(body, ct), CallHistoryExport.ContentType, export.FileName);
    }
}
