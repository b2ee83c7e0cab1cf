using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.UnitTests.Common;

public sealed class E164Tests
{
    [Theory]
    [InlineData("+48774417880")]
    [InlineData("+48600316058")]
    [InlineData("+447911123456")]
    [InlineData("+12")]                 // shortest shape: '+' and 2 digits
    [InlineData("+123456789012345")]    // longest: 15 digits
    public void Accepts_a_plus_and_2_to_15_digits_not_starting_with_zero(string number)
    {
        Assert.True(E164.IsValid(number));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("+")]
    [InlineData("+1")]
    [InlineData("+1234567890123456")]   // 16 digits
    [InlineData("48774417880")]         // no '+'
    [InlineData("0048774417880")]
    [InlineData("+048774417880")]       // country code cannot start with 0
    [InlineData("+48 774417880")]
    [InlineData("+48-774-417-880")]
    [InlineData("+4877441788a")]
    [InlineData("++48774417880")]
    [InlineData("+\u0664\u0668\u0667\u0667")] // Arabic-Indic digits are not ASCII digits
    [InlineData("+48774417880\n")]
    public void Rejects_anything_else(string? number)
    {
        Assert.False(E164.IsValid(number));
    }
}
