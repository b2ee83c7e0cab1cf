using Mediator;
using SmsCallback.Application.Accounts.ListAccounts;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Lots.ListLotAccounts;

public sealed record ListLotAccountsQuery(Guid LotId, string? Search, int Skip, int Take) : IQuery<Result<AccountPage>>;

public sealed class ListLotAccountsHandler(ICredentialLotRepository lots, IAccountRepository accounts)
    : IQueryHandler<ListLotAccountsQuery, Result<AccountPage>>
{
    public async ValueTask<Result<AccountPage>> Handle(ListLotAccountsQuery query, CancellationToken ct)
    {
        if (await lots.GetAsync(query.LotId, ct) is null) return Error.NotFound("No such lot.");
        return await AccountPage.LoadAsync(accounts, query.Search, query.LotId, query.Skip, query.Take, ct);
    }
}
