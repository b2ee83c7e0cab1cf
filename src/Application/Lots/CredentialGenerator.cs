using System.Security.Cryptography;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Lots;

/// <summary>Logins and passwords from the operating system's cryptographic random source.</summary>
public static class CredentialGenerator
{
    public const string Digits = "0123456789";

    /// <summary>Letters and digits without look-alikes (0/O, 1/l/I), so a printed card is read right.</summary>
    public const string LettersAndDigits = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    public static string Login(string prefix, int digits) => prefix + RandomNumberGenerator.GetString(Digits, digits);

    public static string Password(PasswordAlphabet alphabet, int length) =>
        RandomNumberGenerator.GetString(alphabet == PasswordAlphabet.Digits ? Digits : LettersAndDigits, length);
}
