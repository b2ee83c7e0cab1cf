using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Tariffs.AssignTariff;

/// <summary>Rate an account on a tariff. The account's currency follows the tariff's, and currencies are kept apart: an account whose money
/// already moved (a ledger entry or a balance) cannot switch to a tariff in another currency.</summary>
public sealed record AssignTariffCommand(Guid AccountId, Guid TariffId) : ICommand<Result<Unit>>;

public sealed class AssignTariffHandler(IAccountRepository accounts, ITariffRepository tariffs)
    : ICommandHandler<AssignTariffCommand, Result<Unit>>
{
    public async ValueTask<Result<Unit>> Handle(AssignTariffCommand c, CancellationToken ct)
    {
        var account = await accounts.GetAsync(c.AccountId, ct);
        if (account is null) return Error.NotFound("No such account.");
        if (await AssignAsync(account, c.TariffId, tariffs, ct) is { } refused) return refused;
        return Unit.Value;
    }

    /// <summary>Puts <paramref name="account"/> on the tariff, or says why not (no such tariff; another currency once money moved).</summary>
    public static async Task<Error?> AssignAsync(Domain.Accounts.Account account, Guid tariffId, ITariffRepository tariffs, CancellationToken ct)
    {
        var tariff = await tariffs.GetAsync(tariffId, ct);
        if (tariff is null) return Error.NotFound("No such tariff.");
        if (tariff.Currency != account.Currency && (account.Balance != 0 || await tariffs.HasLedgerEntriesAsync(account.Id, ct)))
            return Error.Conflict($"The account keeps its money in {account.Currency} and the tariff charges {tariff.Currency}; " +
                "currencies are kept apart, so choose a tariff in the account's currency.");
        account.AssignTariff(tariff.Id, tariff.Currency);
        return null;
    }
}
