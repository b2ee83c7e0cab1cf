using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.UnitTests.Accounts;

public sealed class CredentialLotAndLedgerTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    private static CredentialLot Lot(int count = 1000) =>
        CredentialLot.Create(count, "card", 8, 6, PasswordAlphabet.Digits, 5m, null, AccountServices.All, Now);

    [Fact]
    public void A_lot_counts_its_batches_and_completes_exactly_at_the_requested_count()
    {
        var lot = Lot();

        lot.RecordBatch(500, Now);
        Assert.Equal((LotState.Running, 500, 50), (lot.State, lot.Generated, lot.Percent));
        lot.RecordBatch(500, Now.AddMinutes(1));

        Assert.Equal(LotState.Completed, lot.State);
        Assert.Equal(Now.AddMinutes(1), lot.CompletedAt);
        Assert.Throws<DomainException>(() => lot.RecordBatch(1, Now));
    }

    [Fact]
    public void A_batch_cannot_exceed_the_remaining_count_and_a_failed_lot_takes_no_more()
    {
        var lot = Lot(10);

        Assert.Throws<DomainException>(() => lot.RecordBatch(11, Now));
        Assert.Throws<DomainException>(() => lot.RecordBatch(0, Now));
        lot.RecordBatch(4, Now);
        lot.Fail("no logins", Now);

        Assert.Equal((LotState.Failed, 4), (lot.State, lot.Generated));
        Assert.Throws<DomainException>(() => lot.RecordBatch(1, Now));
    }

    [Theory]
    [InlineData(0, 8, 6)]
    [InlineData(100_001, 8, 6)]
    [InlineData(10, 3, 6)]
    [InlineData(10, 8, 3)]
    public void A_lot_refuses_counts_and_lengths_out_of_range(int count, int loginLength, int passwordLength) =>
        Assert.Throws<DomainException>(() =>
            CredentialLot.Create(count, "p", loginLength, passwordLength, PasswordAlphabet.Digits, 0, null, AccountServices.All, Now));

    [Fact]
    public void Every_balance_change_is_a_ledger_entry_and_moves_the_concurrency_token()
    {
        var account = Account.Create("alice", "hash", AccountRole.Client, Now);

        var topUp = account.Post(10m, LedgerReason.TopUp, "card", Now);
        var correction = account.Post(-2.5m, LedgerReason.Adjustment, null, Now);

        Assert.Equal(7.5m, account.Balance);
        Assert.Equal(topUp.Amount + correction.Amount, account.Balance);
        Assert.Equal(account.Id, topUp.AccountId);
        Assert.Equal(2, account.Version);
        Assert.Throws<DomainException>(() => account.Post(0m, LedgerReason.TopUp, null, Now));
    }

    [Fact]
    public void The_low_balance_notice_is_marked_once_per_UTC_day()
    {
        var account = Account.Create("alice", "hash", AccountRole.Client, Now);

        Assert.True(account.TryMarkLowBalanceNotice(Now));
        Assert.False(account.TryMarkLowBalanceNotice(Now.AddHours(11)));
        Assert.True(account.TryMarkLowBalanceNotice(Now.AddHours(12)));
    }
}
