using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Calls.GetCallHistory;

/// <summary>Call legs, newest first, one page at a time. <paramref name="AccountId"/>: that account's legs (all accounts' without it);
/// <paramref name="ForAdmin"/> adds each leg's account id and login.</summary>
public sealed record GetCallHistoryQuery(Guid? AccountId, bool ForAdmin, string? From, string? To, string? Number, int? Page, int? PageSize)
    : IQuery<Result<CallHistoryPage>>, ICallHistoryCriteria;

public sealed record CallHistoryPage(IReadOnlyList<CallHistoryItem> Items, int Total, int Page, int PageSize);

public sealed class GetCallHistoryValidator : AbstractValidator<GetCallHistoryQuery>
{
    public GetCallHistoryValidator()
    {
        this.AddFilterRules();
        RuleFor(q => q.Page).GreaterThanOrEqualTo(1).WithMessage("page is 1-based.");
        RuleFor(q => q.PageSize).InclusiveBetween(1, CallHistoryCriteria.MaxPageSize)
            .WithMessage($"pageSize is between 1 and {CallHistoryCriteria.MaxPageSize}.");
    }
}

public sealed class GetCallHistoryHandler(ICallHistoryReader history, IAccountRepository accounts)
    : IQueryHandler<GetCallHistoryQuery, Result<CallHistoryPage>>
{
    public async ValueTask<Result<CallHistoryPage>> Handle(GetCallHistoryQuery query, CancellationToken ct)
    {
        if (query.AccountId is { } id && await accounts.GetAsync(id, ct) is null) return Error.NotFound("No such account.");
        var (page, size) = (query.Page ?? 1, query.PageSize ?? CallHistoryCriteria.DefaultPageSize);
        var filter = CallHistoryCriteria.ToFilter(query.AccountId, query.From, query.To, query.Number);
        var (rows, total) = await history.ListAsync(filter, (page - 1) * size, size, ct);
        return new CallHistoryPage([.. rows.Select(r => CallHistoryItem.From(r, query.ForAdmin))], total, page, size);
    }
}
