using FluentValidation;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Api.Infrastructure;

/// <summary>Turns exceptions into RFC 9457 problem details: validation → 400 with field errors, a bad request → its status, a save that
/// lost a race to another writer and is not retried (docs/adr/0026-one-unit-of-work-per-command.md) → 409, anything else → 500 without internals, logged here once with the request's path and the correlation id (the request's trace
/// identifier) that every problem answer carries as <c>traceId</c>.</summary>
internal sealed partial class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger)
    : IExceptionHandler
{
    /// <summary>The problem member that carries the correlation id an operator searches the log for.</summary>
    public const string CorrelationIdMember = "traceId";

    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem = exception switch
        {
            ValidationException v => new HttpValidationProblemDetails(v.Errors
                .GroupBy(e => JsonName(e.PropertyName))
                .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more fields are invalid.",
            },
            BadHttpRequestException b => new ProblemDetails
            {
                Status = b.StatusCode,
                Title = b.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The request body is too large." : "The request is malformed.",
                Detail = b.StatusCode == StatusCodes.Status413PayloadTooLarge ? null : b.Message,
            },
            ConcurrencyConflictException or UniqueConstraintException => new ProblemDetails
            {
                Status = StatusCodes.Status409Conflict,
                Title = "The data changed meanwhile; read it again and retry.",
            },
            Application.Sms.ReceiveInboundSms.InboxWriteException => new ProblemDetails // logged by the inbox writer
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The SMS could not be stored; deliver it again.",
            },
            _ => new ProblemDetails { Status = StatusCodes.Status500InternalServerError, Title = "An unexpected error occurred." },
        };
        if (problem.Status == StatusCodes.Status500InternalServerError)
            LogUnexpected(exception, httpContext.Request.Method, httpContext.Request.Path.Value ?? "", httpContext.TraceIdentifier);
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Unexpected error answering {Method} {Path} (correlation id {CorrelationId})")]
    private partial void LogUnexpected(Exception exception, string method, string path, string correlationId);

    private static string JsonName(string property) =>
        string.IsNullOrEmpty(property) ? "" : char.ToLowerInvariant(property[0]) + property[1..];
}
