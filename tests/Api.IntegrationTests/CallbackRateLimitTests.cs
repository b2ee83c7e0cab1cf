using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Infrastructure.Persistence;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>The per-sender and per-account callback limits (AntiAbuse) through the real pipeline on SQLite: the counts come from the
/// 10-second buckets the database keeps for every callback it stores (docs/adr/0051-callback-rate-counts.md), and a limit lifts once
/// the window has moved past the callbacks that filled it.</summary>
public sealed class CallbackRateLimitTests : IDisposable
{
    private const string Customer = "+48600316058";
    private const string SecondPhone = "+48600316059";

    private readonly SmsCallbackApp _app = new(settings: new Dictionary<string, string?>
    {
        ["AntiAbuse:MaxCallbacksPerSender"] = "3",
        ["AntiAbuse:MaxCallbacksPerAccount"] = "5",
    });

    private HttpClient _admin = null!;
    private int _sms;

    public void Dispose() => _app.Dispose();

    /// <summary>Sends a callback SMS and returns its outcome once processed ("Callback requested", "Refused: TooManyRequests", …).</summary>
    private async Task<string> CallbackSmsAsync(string from)
    {
        var id = $"rate-{++_sms}";
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync(id, from, "D.48774417880")).StatusCode);
        var inbox = await EventuallyAsync(() => GetArrayAsync(_admin, "/api/admin/sms/inbox"),
            i => i.Any(x => x.GetProperty("messageId").GetString() == id && x.GetProperty("status").GetString() == "Processed"), $"SMS {id} processed");
        return inbox.First(x => x.GetProperty("messageId").GetString() == id).GetProperty("outcome").GetString()!;
    }

    private async Task<int> StoredCountsAsync()
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AppDbContext>().CallbackRateCounts.CountAsync();
    }

    [Fact]
    public async Task A_sender_and_an_account_are_refused_over_their_limits_and_served_again_once_the_window_has_passed()
    {
        _admin = await _app.AdminClientAsync();
        var account = await _app.CreateAccountAsync(_admin, "limited", "pass1234", Customer, SecondPhone);
        (await _admin.PutAsJsonAsync($"/api/admin/accounts/{account}", new { creditLimit = TestCreditLimit, maxConcurrentCallbacks = 20 })).EnsureSuccessStatusCode();

        for (var i = 0; i < 3; i++) Assert.Equal("Callback requested", await CallbackSmsAsync(Customer));
        Assert.Equal("Refused: TooManyRequests", await CallbackSmsAsync(Customer)); // the sender's limit: 3 an hour
        for (var i = 0; i < 2; i++) Assert.Equal("Callback requested", await CallbackSmsAsync(SecondPhone));
        Assert.Equal("Refused: TooManyRequests", await CallbackSmsAsync(SecondPhone)); // the account's limit: 5 an hour, both phones
        Assert.Equal(5, (await GetArrayAsync(_admin, "/api/admin/callbacks")).Length); // refused requests make no callback and count for nothing
        Assert.True(await StoredCountsAsync() > 0);

        // An hour and a bucket later every callback has left the window; the sweep forgets the buckets no window reaches any more.
        _app.Clock.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(11));
        await _app.Services.GetRequiredService<SmsCallback.Infrastructure.Processing.RecoverySweeper>().SweepAsync(TimeSpan.Zero, default);
        Assert.Equal(0, await StoredCountsAsync());

        Assert.Equal("Callback requested", await CallbackSmsAsync(Customer));
        Assert.Equal("Callback requested", await CallbackSmsAsync(SecondPhone));
    }
}
