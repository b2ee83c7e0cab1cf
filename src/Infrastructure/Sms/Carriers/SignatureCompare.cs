using System.Security.Cryptography;
using System.Text;

namespace SmsCallback.Infrastructure.Sms.Carriers;

internal static class SignatureCompare
{
    public static bool FixedTimeEquals(string expected, string given) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(expected), Encoding.UTF8.GetBytes(given));
}
