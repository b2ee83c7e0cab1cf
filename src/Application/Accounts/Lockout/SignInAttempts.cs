using Microsoft.Extensions.Options;
using SmsCallback.Application.Common;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.Lockout;

public enum SignInOutcome { Succeeded, Failed, LockedOut }

/// <param name="RehashNeeded">the password is right but its hash uses older parameters: store a new one.</param>
public sealed record SignInCheck(SignInOutcome Outcome, Account? Account = null, bool RehashNeeded = false);

/// <summary>Checks a password typed on the web (token, dashboard sign-in, password change) under the lockout of
/// docs/adr/0017-sign-in-lockout-and-security-stamp.md: at most <see cref="AntiAbuseOptions.MaxFailedLogins"/> passwords per login and
/// client address are checked within <see cref="AntiAbuseOptions.FailedLoginWindow"/>, even when the attempts arrive all at once;
/// unknown logins cost a hash like known ones.</summary>
public sealed class SignInAttempts(
    IAccountRepository accounts, IPasswordHasher hasher, ILoginFailureRepository failures, IOptions<AntiAbuseOptions> options, TimeProvider clock)
{
    private static string? _dummyHash;

    public async Task<SignInCheck> CheckAsync(string login, string password, string clientAddress, CancellationToken ct)
    {
        var key = LoginFailure.LoginFromAddressKey(login, clientAddress);
        var now = clock.GetUtcNow();
        var since = now - options.Value.FailedLoginWindow;
        var max = options.Value.MaxFailedLogins;
        if (await failures.CountSinceAsync(key, since, ct) >= max) return new(SignInOutcome.LockedOut);

        // Count the attempt as a failure before checking: committed first, counted after, so of any number of parallel attempts
        // at most `max` see a count within the limit. A right password removes the failures again.
        await failures.AddCommittedAsync(LoginFailure.For(key, now), ct);
        if (await failures.CountSinceAsync(key, since, ct) > max) return new(SignInOutcome.LockedOut);

        var account = await accounts.FindByLoginAsync(login, ct);
        var check = hasher.Verify(account?.PasswordHash ?? DummyHash(), password); // as slow for a login that does not exist
        if (account is null || check == PasswordCheck.Failed) return new(SignInOutcome.Failed);

        await failures.ClearAsync(key, ct);
        return new(SignInOutcome.Succeeded, account, check == PasswordCheck.SuccessRehashNeeded);
    }

    private string DummyHash() => _dummyHash ??= hasher.Hash(Guid.NewGuid().ToString("N"));
}
