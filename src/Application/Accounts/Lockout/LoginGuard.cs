using Microsoft.Extensions.Options;
using SmsCallback.Application.Common;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.Lockout;

/// <summary>Locks out password guessing by SMS: after <see cref="AntiAbuseOptions.MaxFailedLogins"/> failures within the window, the login
/// and the sender are refused until the failures age out. Works the same for logins that do not exist, so it reveals nothing.
/// Web sign-ins use <see cref="SignInAttempts"/> (per login and client address, counted atomically).</summary>
public sealed class LoginGuard(ILoginFailureRepository failures, IOptions<AntiAbuseOptions> options, TimeProvider clock)
{
    public async Task<bool> IsLockedAsync(string login, string? sender, CancellationToken ct)
    {
        var since = clock.GetUtcNow() - options.Value.FailedLoginWindow;
        var max = options.Value.MaxFailedLogins;
        if (await failures.CountSinceAsync(LoginFailure.LoginKey(login), since, ct) >= max) return true;
        return sender is not null && await failures.CountSinceAsync(LoginFailure.SenderKey(sender), since, ct) >= max;
    }

    /// <summary>Records the failure; it is saved with the caller's unit of work.</summary>
    public void RecordFailure(string login, string? sender)
    {
        var now = clock.GetUtcNow();
        failures.Add(LoginFailure.For(LoginFailure.LoginKey(login), now));
        if (sender is not null) failures.Add(LoginFailure.For(LoginFailure.SenderKey(sender), now));
    }

    public Task RecordSuccessAsync(string login, CancellationToken ct) => failures.ClearAsync(LoginFailure.LoginKey(login), ct);
}
