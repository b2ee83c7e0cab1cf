using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.UnitTests.Accounts;

public sealed class AccountCreditTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Reservations_hold_credit_and_charges_release_them_and_leave_a_ledger_entry()
    {
        var account = Account.Create("alice", "hash", AccountRole.Client, Now);
        account.Post(10m, LedgerReason.TopUp, null, Now);
        account.ChangeSettings(2m, AccountServices.All, 1);
        var version = account.Version;

        account.Reserve(7m);
        Assert.Equal((10m, 7m, 5m), (account.Balance, account.Reserved, account.Available));
        Assert.True(account.Version > version); // a reservation races like a balance change

        var entry = account.Charge(3m, 3m, "leg B", Now);
        Assert.Equal((-3m, LedgerReason.CallCharge), (entry!.Amount, entry.Reason));
        Assert.Equal((7m, 4m), (account.Balance, account.Reserved));
        Assert.Null(account.Charge(0m, 0m, "unanswered", Now));

        Assert.Throws<DomainException>(() => account.Reserve(-5m));
        Assert.Throws<DomainException>(() => account.Charge(-1m, 0m, "negative", Now));
    }

    [Fact]
    public void Fraud_controls_keep_digit_prefixes_only_and_a_non_negative_cap()
    {
        var account = Account.Create("alice", "hash", AccountRole.Client, Now);
        account.ChangeFraudControls(["4860", "48", "4860"], 5m);
        Assert.Equal(["48", "4860"], account.AllowedPrefixes);
        Assert.Equal(5m, account.DailySpendCap);
        Assert.Throws<DomainException>(() => account.ChangeFraudControls(["+48"], null));
        Assert.Throws<DomainException>(() => account.ChangeFraudControls([], -1m));
    }
}
