using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Accounts.ListLedger;

public sealed record LedgerEntryDto(Guid Id, DateTimeOffset At, string Reason, decimal Amount, string? Note);

public sealed record LedgerPage(IReadOnlyList<LedgerEntryDto> Items, int Total, decimal Balance, string Currency);

/// <summary>Every change of an account's balance, newest first: top-ups, corrections, call charges. The balance is their sum.</summary>
public sealed record ListLedgerQuery(Guid AccountId, int Skip, int Take) : IQuery<Result<LedgerPage>>;

public sealed class ListLedgerValidator : AbstractValidator<ListLedgerQuery>
{
    public ListLedgerValidator()
    {
        RuleFor(q => q.Skip).GreaterThanOrEqualTo(0);
        RuleFor(q => q.Take).InclusiveBetween(1, 500);
    }
}

public sealed class ListLedgerHandler(IAccountRepository accounts, ILedgerRepository ledger) : IQueryHandler<ListLedgerQuery, Result<LedgerPage>>
{
    public async ValueTask<Result<LedgerPage>> Handle(ListLedgerQuery query, CancellationToken ct)
    {
        var account = await accounts.GetAsync(query.AccountId, ct);
        if (account is null) return Error.NotFound("No such account.");
        var (entries, total) = await ledger.ListNewestAsync(account.Id, query.Skip, query.Take, ct);
        return new LedgerPage([.. entries.Select(e => new LedgerEntryDto(e.Id, e.At, e.Reason.ToString(), e.Amount, e.Note))], total,
            account.Balance, account.Currency);
    }
}
