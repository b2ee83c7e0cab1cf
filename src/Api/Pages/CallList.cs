using Mediator;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Calls.ExportCallHistory;

namespace SmsCallback.Api.Pages;

/// <summary>The call-history filters of the pages: dates (whole days, UTC) become the ISO 8601 instants the history queries take.</summary>
public sealed class CallFilters
{
    [FromQuery(Name = "from")] public DateOnly? From { get; set; }
    [FromQuery(Name = "to")] public DateOnly? To { get; set; }
    [FromQuery(Name = "number")] public string? Number { get; set; }
    [FromQuery(Name = "page")] public int Page { get; set; } = 1;

    public string? FromInstant => From?.ToString("yyyy-MM-dd'T00:00:00Z'", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"To" is inclusive on the page (the whole day), exclusive in the query.</summary>
    public string? ToInstant => To?.AddDays(1).ToString("yyyy-MM-dd'T00:00:00Z'", System.Globalization.CultureInfo.InvariantCulture);

    public string? NumberOrNull => string.IsNullOrWhiteSpace(Number) ? null : Number.Trim();

    public object RouteValues(int? page = null, string? handler = null) => new
    {
        from = From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        to = To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        number = NumberOrNull,
        page,
        handler,
    };

    /// <summary>Streams an export to the response, as <c>/api/…/calls/export</c> does.</summary>
    public static async Task<IActionResult> StreamAsync(ISender sender, ExportCallHistoryQuery query, CancellationToken ct)
    {
        var result = await sender.Send(query, ct);
        if (!result.IsSuccess) return new BadRequestObjectResult(result.Error!.Message);
        var export = result.Value!;
        return new StreamedFile(CallHistoryExport.ContentType, export.FileName, (body, token) => export.WriteToAsync(body, token));
    }
}

/// <summary>A file written straight to the response as it is produced (after the page's result filters, so the headers are still open).</summary>
public sealed class StreamedFile(string contentType, string fileName, Func<Stream, CancellationToken, Task> write) : IActionResult
{
    public async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = contentType;
        response.Headers.ContentDisposition = new System.Net.Mime.ContentDisposition { FileName = fileName }.ToString();
        await write(response.Body, context.HttpContext.RequestAborted);
    }
}
