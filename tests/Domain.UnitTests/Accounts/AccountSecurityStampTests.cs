using SmsCallback.Domain.Accounts;

namespace SmsCallback.Domain.UnitTests.Accounts;

public sealed class AccountSecurityStampTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 26, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_stamp_changes_with_a_new_password_and_with_each_block_or_unblock_but_not_with_a_rehash_or_a_repeated_action()
    {
        var account = Account.Create("alice", "hash", AccountRole.Client, Now);
        var stamps = new List<Guid> { account.SecurityStamp };

        account.ChangePasswordHash("hash2");
        stamps.Add(account.SecurityStamp);
        account.Block();
        stamps.Add(account.SecurityStamp);
        account.Unblock();
        stamps.Add(account.SecurityStamp);
        Assert.Equal(4, stamps.Distinct().Count());
        Assert.DoesNotContain(Guid.Empty, stamps);

        account.Unblock(); // already active
        account.UpgradePasswordHash("hash2-with-more-iterations");
        Assert.Equal(stamps[^1], account.SecurityStamp);
        Assert.Equal("hash2-with-more-iterations", account.PasswordHash);
    }
}
