using Microsoft.Extensions.Options;
using SmsCallback.Application.Common;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Application.Callbacks;

/// <summary>The per-sender and per-account callback limits of <see cref="AntiAbuseOptions"/>, for every way a callback is requested.</summary>
public sealed class CallbackRateLimiter(ICallbackRepository callbacks, IOptions<AntiAbuseOptions> limits, TimeProvider clock)
{
    public async Task<bool> AllowsAsync(Guid accountId, string? requester, CancellationToken ct)
    {
        var since = clock.GetUtcNow() - limits.Value.CallbackRateWindow;
        if (requester is not null && await callbacks.CountByRequesterSinceAsync(requester, since, ct) >= limits.Value.MaxCallbacksPerSender) return false;
        return await callbacks.CountByAccountSinceAsync(accountId, since, ct) < limits.Value.MaxCallbacksPerAccount;
    }
}
