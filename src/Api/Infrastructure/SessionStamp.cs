using System.Security.Claims;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Api.Infrastructure;

/// <summary>Tokens and dashboard cookies carry the account's security stamp; each authenticated request compares it with the stored one
/// (one primary-key read, no cache, so every instance sees a change at once). Blocking, unblocking and password changes replace the
/// stamp, which ends every earlier sign-in (docs/adr/0017-sign-in-lockout-and-security-stamp.md).</summary>
public static class SessionStamp
{
    public const string Claim = "stamp";

    /// <summary>True while the principal's account exists, is active, has the principal's role and still has the stamp it was issued with.</summary>
    public static async Task<bool> IsCurrentAsync(ClaimsPrincipal? principal, HttpContext http)
    {
        if (!Guid.TryParse(principal?.FindFirstValue("sub"), out var id) || !Guid.TryParse(principal?.FindFirstValue(Claim), out var stamp))
            return false; // tokens issued before stamps existed end too
        var session = await http.RequestServices.GetRequiredService<IAccountRepository>().FindSessionAsync(id, http.RequestAborted);
        return session is { Status: AccountStatus.Active } && session.SecurityStamp == stamp && principal!.IsInRole(RoleName(session.Role));
    }

    public static string RoleName(AccountRole role) => role == AccountRole.Admin ? Roles.Admin : Roles.Client;
}
