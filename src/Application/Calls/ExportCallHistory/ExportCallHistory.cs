using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Calls.ExportCallHistory;

/// <summary>Every call leg that matches, as CSV, newest first; the same filters as the history without paging (ADR 0012).
/// <paramref name="ForAdmin"/> adds the accountId and login columns.</summary>
public sealed record ExportCallHistoryQuery(Guid? AccountId, bool ForAdmin, string? From, string? To, string? Number)
    : IQuery<Result<CallHistoryExport>>, ICallHistoryCriteria;

/// <summary>A checked export that has not run yet: <see cref="WriteToAsync"/> reads the legs and writes the CSV as it goes.</summary>
public sealed record CallHistoryExport(string FileName, Func<Stream, CancellationToken, Task<long>> WriteToAsync)
{
    public const string ContentType = "text/csv; charset=utf-8";
}

public sealed class ExportCallHistoryValidator : AbstractValidator<ExportCallHistoryQuery>
{
    public ExportCallHistoryValidator() => this.AddFilterRules();
}

public sealed class ExportCallHistoryHandler(ICallHistoryReader history, ICallHistoryCsvWriter csv, IAccountRepository accounts, TimeProvider clock)
    : IQueryHandler<ExportCallHistoryQuery, Result<CallHistoryExport>>
{
    public async ValueTask<Result<CallHistoryExport>> Handle(ExportCallHistoryQuery query, CancellationToken ct)
    {
        var login = "all";
        if (query.AccountId is { } id)
        {
            if (await accounts.GetAsync(id, ct) is not { } account) return Error.NotFound("No such account.");
            login = account.Login;
        }
        var filter = CallHistoryCriteria.ToFilter(query.AccountId, query.From, query.To, query.Number);
        var fileName = $"calls-{SafeName(login)}-{clock.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}.csv";
        return new CallHistoryExport(fileName, (stream, token) => csv.WriteAsync(history.StreamAsync(filter, token), stream, query.ForAdmin, token));
    }

    private static string SafeName(string login) =>
        new([.. login.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_')]);
}
