using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Lots.GenerateLot;

/// <summary>Makes one batch of a lot: free random logins, random passwords, their hashes (in parallel on every core), the accounts with their
/// opening balance, and the batch's encrypted export rows. Adds everything to the unit of work; the caller commits.</summary>
public sealed class LotBatchBuilder(
    IAccountRepository accounts, ILedgerRepository ledger, ICredentialLotRepository lots, IPasswordHasher hasher, ILotExportVault vault,
    ITariffRepository tariffs, TimeProvider clock, Sms.Texts.IReplyTexts texts)
{
    private const int MaxLoginRounds = 20;

    /// <returns>false when no free logins could be found (the login space is exhausted).</returns>
    public async Task<bool> AddBatchAsync(CredentialLot lot, int count, CancellationToken ct)
    {
        var logins = await FreeLoginsAsync(lot, count, ct);
        if (logins is null) return false;

        var credentials = new LotCredential[count];
        var hashes = new string[count];
        for (var i = 0; i < count; i++) credentials[i] = new LotCredential(logins[i], CredentialGenerator.Password(lot.PasswordAlphabet, lot.PasswordLength));
        Parallel.For(0, count, new ParallelOptions { CancellationToken = ct }, i => hashes[i] = hasher.Hash(credentials[i].Password));

        var now = clock.GetUtcNow();
        // The accounts keep their money in their tariff's currency (an unknown tariff leaves the default currency).
        var tariff = lot.TariffId is { } tariffId ? await tariffs.GetAsync(tariffId, ct) : null;
        for (var i = 0; i < count; i++)
        {
            var account = Account.CreateInLot(lot.Id, credentials[i].Login, hashes[i], lot.TariffId, lot.Services, now);
            if (tariff is not null) account.AssignTariff(tariff.Id, tariff.Currency);
            account.ChangeLanguage(lot.Language ?? texts.DefaultLanguage, chosen: lot.Language is not null);
            if (lot.InitialBalance > 0) ledger.Add(account.Post(lot.InitialBalance, LedgerReason.LotInitialBalance, $"Lot {lot.Id}", now));
            accounts.Add(account);
        }
        lots.AddChunk(LotExportChunk.Create(lot.Id, lot.Generated, vault.Seal(lot, credentials), now));
        lot.RecordBatch(count, now);
        return true;
    }

    private async Task<List<string>?> FreeLoginsAsync(CredentialLot lot, int count, CancellationToken ct)
    {
        var chosen = new HashSet<string>(StringComparer.Ordinal);
        for (var round = 0; round < MaxLoginRounds && chosen.Count < count; round++)
        {
            var candidates = new HashSet<string>(StringComparer.Ordinal);
            while (candidates.Count < count - chosen.Count)
            {
                var login = CredentialGenerator.Login(lot.LoginPrefix, lot.LoginLength);
                if (!chosen.Contains(login)) candidates.Add(login);
            }
            var taken = await accounts.ExistingLoginsAsync(candidates, ct);
            candidates.ExceptWith(taken);
            chosen.UnionWith(candidates);
        }
        return chosen.Count == count ? [.. chosen] : null;
    }
}
