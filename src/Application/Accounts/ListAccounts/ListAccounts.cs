using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.ListAccounts;

/// <summary>Accounts by login; <c>search</c> matches a part of the login.</summary>
public sealed record ListAccountsQuery(string? Search, int Skip, int Take) : IQuery<AccountPage>;

public sealed record AccountListItem(Guid Id, string Login, string Role, string Status, decimal Balance, string Currency, Guid? LotId, string Language)
{
    public static AccountListItem From(Account a) => new(a.Id, a.Login, a.Role.ToString(), a.Status.ToString(), a.Balance, a.Currency, a.LotId, a.Language);
}

public sealed record AccountPage(int Total, int Skip, int Take, IReadOnlyList<AccountListItem> Items)
{
    public const int MaxTake = 500;

    public static async Task<AccountPage> LoadAsync(IAccountRepository accounts, string? search, Guid? lotId, int skip, int take, CancellationToken ct)
    {
        (skip, take) = (Math.Max(0, skip), Math.Clamp(take, 1, MaxTake));
        var (page, total) = await accounts.SearchAsync(string.IsNullOrWhiteSpace(search) ? null : search.Trim(), lotId, skip, take, ct);
        return new AccountPage(total, skip, take, [.. page.Select(AccountListItem.From)]);
    }
}

public sealed class ListAccountsHandler(IAccountRepository accounts) : IQueryHandler<ListAccountsQuery, AccountPage>
{
    public async ValueTask<AccountPage> Handle(ListAccountsQuery query, CancellationToken ct) =>
        await AccountPage.LoadAsync(accounts, query.Search, null, query.Skip, query.Take, ct);
}
