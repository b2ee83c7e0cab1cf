using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Accounts.GetAccountSummary;

public sealed record GetAccountSummaryQuery(Guid AccountId) : IQuery<Result<AccountSummaryDto>>;

public sealed record AccountSummaryDto(Guid Id, string Login, string Status, decimal Balance, string Currency, int RegisteredPhones);

public sealed class GetAccountSummaryHandler(IAccountRepository accounts, IRegisteredPhoneRepository phones)
    : IQueryHandler<GetAccountSummaryQuery, Result<AccountSummaryDto>>
{
    public async ValueTask<Result<AccountSummaryDto>> Handle(GetAccountSummaryQuery query, CancellationToken ct)
    {
        var account = await accounts.GetAsync(query.AccountId, ct);
        if (account is null) return Error.NotFound("No such account.");
        return new AccountSummaryDto(account.Id, account.Login, account.Status.ToString(), account.Balance, account.Currency,
            await phones.CountByAccountAsync(account.Id, ct));
    }
}
