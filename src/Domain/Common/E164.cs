namespace SmsCallback.Domain.Common;

/// <summary>The shape of a stored phone number: '+' and 2 to 15 digits, the first not zero.
/// Parsing people's input into this shape is the application's job (libphonenumber).</summary>
public static class E164
{
    public static bool IsValid(string? number)
    {
        if (number is null || number.Length < 3 || number.Length > 16 || number[0] != '+' || number[1] == '0') return false;
        for (var i = 1; i < number.Length; i++)
            if (!char.IsAsciiDigit(number[i])) return false;
        return true;
    }
}
