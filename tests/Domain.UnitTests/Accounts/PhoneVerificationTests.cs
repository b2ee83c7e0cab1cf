using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.UnitTests.Accounts;

public sealed class PhoneVerificationTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

    private static PhoneVerification Claim(int attempts = 3) =>
        PhoneVerification.Create(Guid.NewGuid(), "+48501234567", "hash", Now, TimeSpan.FromMinutes(10), attempts);

    [Fact]
    public void Each_try_counts_and_after_the_last_even_the_right_code_is_refused()
    {
        var claim = Claim(attempts: 2);

        Assert.Equal([CodeCheck.Wrong, CodeCheck.Wrong, CodeCheck.NoAttemptsLeft],
            new[] { claim.Try(false, Now), claim.Try(false, Now), claim.Try(true, Now) });
        Assert.Null(claim.CompletedAt);
        Assert.False(claim.IsOpen(Now));
    }

    [Fact]
    public void The_right_code_completes_the_claim_once()
    {
        var claim = Claim();

        Assert.Equal(CodeCheck.Accepted, claim.Try(true, Now.AddMinutes(1)));
        Assert.Equal(CodeCheck.Used, claim.Try(true, Now.AddMinutes(2)));
        Assert.Equal(Now.AddMinutes(1), claim.CompletedAt);
    }

    [Fact]
    public void An_expired_or_superseded_code_is_refused_without_counting()
    {
        var expired = Claim();
        var superseded = Claim();
        superseded.Supersede(Now.AddMinutes(1));

        Assert.Equal(CodeCheck.Expired, expired.Try(true, Now.AddMinutes(10)));
        Assert.Equal(CodeCheck.Expired, superseded.Try(true, Now.AddMinutes(2)));
        Assert.Equal((0, 0), (expired.Attempts, superseded.Attempts));
    }

    [Theory]
    [InlineData("123456", true)]
    [InlineData("000000", true)]
    [InlineData("12345", false)]
    [InlineData("1234567", false)]
    [InlineData("12345a", false)]
    [InlineData("١٢٣٤٥٦", false)] // Arabic-Indic digits are digits, but not ASCII ones
    [InlineData(null, false)]
    public void A_code_is_six_ascii_digits(string? code, bool wellFormed) =>
        Assert.Equal(wellFormed, PhoneVerification.IsWellFormedCode(code));

    [Fact]
    public void A_claim_needs_an_E164_number_a_hash_a_lifetime_and_an_attempt() =>
        Assert.All(new Action[]
        {
            () => PhoneVerification.Create(Guid.NewGuid(), "501234567", "hash", Now, TimeSpan.FromMinutes(10), 5),
            () => PhoneVerification.Create(Guid.NewGuid(), "+48501234567", "", Now, TimeSpan.FromMinutes(10), 5),
            () => PhoneVerification.Create(Guid.NewGuid(), "+48501234567", "hash", Now, TimeSpan.Zero, 5),
            () => PhoneVerification.Create(Guid.NewGuid(), "+48501234567", "hash", Now, TimeSpan.FromMinutes(10), 0),
        }, create => Assert.Throws<DomainException>(create));
}
