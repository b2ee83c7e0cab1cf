using System.Security.Claims;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Api.Infrastructure;

public sealed class JwtOptions
{
    public const string Section = "Jwt";
    public string Issuer { get; set; } = "SmsCallback";
    public string Audience { get; set; } = "SmsCallback";

    /// <summary>HMAC-SHA256 key; when not configured one is generated once and kept in the data directory.</summary>
    public string? SigningKey { get; set; }

    /// <summary>How long a token lasts at most. It ends earlier when the account's security stamp changes (blocking, unblocking, a
    /// password change or reset); a client then asks POST /api/auth/token for a new one.</summary>
    public int LifetimeMinutes { get; set; } = 480;
}

public static class Roles
{
    public const string Admin = "admin";
    public const string Client = "client";
}

internal sealed class JwtTokenIssuer(JwtOptions options, SymmetricSecurityKey key, TimeProvider clock) : ITokenIssuer
{
    public IssuedToken Issue(Account account)
    {
        var now = clock.GetUtcNow();
        var expires = now.AddMinutes(options.LifetimeMinutes);
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = expires.UtcDateTime,
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
            Subject = new ClaimsIdentity(
            [
                new Claim(JwtRegisteredClaimNames.Sub, account.Id.ToString()),
                new Claim(JwtRegisteredClaimNames.Name, account.Login),
                new Claim(ClaimTypes.Role, SessionStamp.RoleName(account.Role)),
                new Claim(SessionStamp.Claim, account.SecurityStamp.ToString()),
            ]),
        });
        return new IssuedToken(token, expires);
    }

    public static SymmetricSecurityKey KeyFrom(string secret) => new(Encoding.UTF8.GetBytes(secret));
}
