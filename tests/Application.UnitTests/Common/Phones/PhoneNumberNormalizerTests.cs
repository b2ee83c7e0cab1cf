using SmsCallback.Application.Common.Phones;
using SmsCallback.Domain.Common;

namespace SmsCallback.Application.UnitTests.Common.Phones;

public sealed class PhoneNumberNormalizerTests
{
    private readonly PhoneNumberNormalizer _poland = new("PL");

    [Theory]
    [InlineData("+48600316058")]
    [InlineData("0048600316058")]
    [InlineData("48600316058")]       // international without a prefix, as in the seed examples
    [InlineData("600316058")]         // national, read with the default region
    [InlineData(" 600316058 ")]
    [InlineData("+48 600 316 058")]
    [InlineData("600-316-058")]
    public void Every_accepted_form_of_a_polish_mobile_gives_the_same_E164(string input)
    {
        Assert.True(_poland.TryNormalize(input, out var e164));
        Assert.Equal("+48600316058", e164);
    }

    [Theory]
    [InlineData("+48774417880")]
    [InlineData("0048774417880")]
    [InlineData("48774417880")]
    [InlineData("774417880")]
    public void A_polish_landline_is_accepted_in_every_form(string input)
    {
        Assert.True(_poland.TryNormalize(input, out var e164));
        Assert.Equal("+48774417880", e164);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("abc")]
    [InlineData("D.48600316058")]
    [InlineData("123")]
    [InlineData("1-800-FLOWERS")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("1234567890123456789012345678901234567890")] // 40 digits
    [InlineData("+0048600316058")]
    [InlineData("+48")]
    [InlineData("60031605")]          // one digit short
    [InlineData("+486003160581234")]  // too long for Poland
    [InlineData("😀")]
    public void Invalid_input_is_refused_and_gives_no_number(string? input)
    {
        Assert.False(_poland.TryNormalize(input, out var e164));
        Assert.Equal("", e164);
    }

    [Fact]
    public void The_result_is_always_a_valid_E164_number()
    {
        foreach (var input in new[] { "+48600316058", "0048600316058", "48600316058", "600316058", "+447911123456" })
        {
            Assert.True(_poland.TryNormalize(input, out var e164));
            Assert.True(E164.IsValid(e164), e164);
        }
    }

    [Theory]
    [InlineData("07911123456", "+447911123456")]    // national UK mobile
    [InlineData("7911 123456", "+447911123456")]
    [InlineData("+447911123456", "+447911123456")]
    [InlineData("00447911123456", "+447911123456")]
    [InlineData("48600316058", "+48600316058")]     // international without '+' still works outside Poland
    public void A_GB_default_region_reads_national_numbers_as_british(string input, string expected)
    {
        var uk = new PhoneNumberNormalizer("gb");

        Assert.Equal("GB", uk.DefaultRegion);
        Assert.True(uk.TryNormalize(input, out var e164));
        Assert.Equal(expected, e164);
    }

    [Fact]
    public void A_polish_national_number_is_not_british()
    {
        Assert.False(new PhoneNumberNormalizer("GB").TryNormalize("600316058", out _));
    }
}
