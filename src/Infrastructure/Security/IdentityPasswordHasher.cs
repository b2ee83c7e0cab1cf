using Microsoft.AspNetCore.Identity;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Infrastructure.Security;

/// <summary>ASP.NET Core Identity's PBKDF2 hasher (salted, 100 000 iterations of HMAC-SHA512 in its V3 format).</summary>
public sealed class IdentityPasswordHasher : IPasswordHasher
{
    private static readonly PasswordHasher<object> Hasher = new();
    private static readonly object User = new();

    public string Hash(string password) => Hasher.HashPassword(User, password);

    public PasswordCheck Verify(string hash, string password)
    {
        try
        {
            return Hasher.VerifyHashedPassword(User, hash, password) switch
            {
                PasswordVerificationResult.Success => PasswordCheck.Success,
                PasswordVerificationResult.SuccessRehashNeeded => PasswordCheck.SuccessRehashNeeded,
                _ => PasswordCheck.Failed,
            };
        }
        catch (FormatException)
        {
            return PasswordCheck.Failed; // a corrupt stored hash never logs anybody in
        }
    }
}
