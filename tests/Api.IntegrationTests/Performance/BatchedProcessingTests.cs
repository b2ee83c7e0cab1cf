using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests.Performance;

/// <summary>Batched processing (docs/adr/0038-batched-processing.md): the SMS that wait together are processed in one transaction, each in
/// a savepoint of its own. One that fails, even in the database, costs only itself; the others of its batch are committed with their
/// callbacks and replies.</summary>
public sealed class BatchedProcessingTests : IDisposable
{
    private const string Customer = "48600316058";
    private readonly SmsCallbackApp _app = new(settings: new Dictionary<string, string?>
    {
        ["AntiAbuse:MaxCallbacksPerAccount"] = "1000",
        ["AntiAbuse:MaxCallbacksPerSender"] = "1000",
        ["Processing:SweepGrace"] = "00:10:00", // the sweep leaves the poisoned SMS alone: what happens is the batch's doing
        ["Billing:MaxCallSeconds"] = "60", // a callback holds a minute's worth: many fit in the test's credit limit
    });

    public void Dispose() => _app.Dispose();

    [Fact]
    public async Task An_sms_the_database_refuses_in_the_middle_of_a_batch_costs_only_itself()
    {
        var admin = await _app.AdminClientAsync();
        await DisableIvrAsync(admin); // a call ends when its legs hang up
        var account = await _app.CreateAccountAsync(admin, "batch", "pass1234", Customer);
        (await admin.PutAsJsonAsync($"/api/admin/accounts/{account}", new { creditLimit = TestCreditLimit, maxConcurrentCallbacks = 100 }))
            .EnsureSuccessStatusCode();
        await _app.WaitUntilQuietAsync();
        // A real failure inside the database, on the processing's own write: the SMS cannot be marked processed.
        await ExecuteAsync("""
            CREATE TRIGGER poison BEFORE UPDATE OF Status ON InboundSms WHEN NEW.ExternalId LIKE 'poison-%'
            BEGIN SELECT RAISE(ABORT, 'poisoned SMS'); END;
            """);

        var ids = Enumerable.Range(0, 40).Select(i => i % 10 == 4 ? $"poison-{i}" : $"fine-{i}").ToArray();
        var answers = await Task.WhenAll(ids.Select((id, i) => _app.PostSmsAsync(id, Customer, $"D.4877441{i:0000}")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));

        var inbox = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/inbox?take=100"),
            rows => rows.Count(r => r.GetProperty("status").GetString() == "Processed") == 36, "the 36 good SMS processed", 60_000);
        // Not "quiet": the poisoned SMS stay pending. Their 36 neighbours' calls end and are settled.
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks?take=100"),
            c => c.Length == 36 && c.All(x => x.GetProperty("state").GetString() == "Completed" && x.GetProperty("reserved").GetDecimal() == 0),
            "36 completed and settled callbacks", 60_000);

        var byId = inbox.ToDictionary(r => r.GetProperty("messageId").GetString()!, r => r.GetProperty("status").GetString());
        Assert.All(ids.Where(i => i.StartsWith("fine-")), i => Assert.Equal("Processed", byId[i]));
        Assert.All(ids.Where(i => i.StartsWith("poison-")), i => Assert.Equal("Pending", byId[i]));
        var callbacks = await GetArrayAsync(admin, "/api/admin/callbacks?take=100");
        Assert.Equal(36, callbacks.Length); // one per good SMS; the poisoned SMS' callbacks went with their savepoints
        Assert.All(callbacks, c => Assert.Equal("Completed", c.GetProperty("state").GetString()));
        Assert.Equal(36, await CountAsync("SELECT COUNT(*) FROM OutboundSms"));
        await MoneyInvariants.AssertHoldAsync(_app.AppDatabasePath);

        // Mended, the SMS left pending is processed by the sweep like any other.
        await ExecuteAsync("DROP TRIGGER poison;");
        _app.Clock.Advance(TimeSpan.FromMinutes(11));
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/inbox?take=100"),
            rows => rows.All(r => r.GetProperty("status").GetString() == "Processed"), "every SMS processed after the repair", 60_000);
    }

    [Fact]
    public async Task Fifty_sms_callbacks_at_once_never_hold_more_than_the_account_can_pay()
    {
        var admin = await _app.AdminClientAsync();
        await DisableIvrAsync(admin);
        var account = await _app.CreateAccountAsync(admin, "fifty", "pass1234", Customer);
        // The default tariff (0.05 a minute a leg) and no credit limit: a callback holds what its minute costs, or all that is left when
        // the balance affords more; only some fit in 1.00.
        (await admin.PutAsJsonAsync($"/api/admin/accounts/{account}", new { maxConcurrentCallbacks = 100, creditLimit = 0m })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/admin/accounts/{account}/topups", new { amount = 1.00m, note = "test" })).EnsureSuccessStatusCode();
        await _app.WaitUntilQuietAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => _app.PostSmsAsync($"fifty-{i}", Customer, $"D.4877441{i:0000}")));
        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/inbox?take=100"),
            rows => rows.Count(r => r.GetProperty("status").GetString() == "Processed") == 50, "50 SMS processed", 60_000);
        await _app.WaitUntilQuietAsync(60_000);

        var callbacks = await GetArrayAsync(admin, "/api/admin/callbacks?take=100");
        var summary = await GetArrayAsync(admin, "/api/admin/sms/inbox?take=100");
        var refused = summary.Count(r => r.GetProperty("outcome").GetString()!.Contains("balance", StringComparison.OrdinalIgnoreCase)
                                         || r.GetProperty("outcome").GetString()!.Contains("credit", StringComparison.OrdinalIgnoreCase));
        Assert.InRange(callbacks.Length, 1, 49); // some fit, the rest are refused for credit
        Assert.Equal(50 - callbacks.Length, refused);
        var balance = (await GetObjectAsync(admin, $"/api/admin/accounts/{account}")).GetProperty("balance").GetDecimal();
        Assert.True(balance >= 0m, $"the balance went to {balance}, below the credit limit of 0");
        await MoneyInvariants.AssertHoldAsync(_app.AppDatabasePath);
    }

    private static async Task<JsonElement> GetObjectAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<long> CountAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_app.AppDatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={_app.AppDatabasePath};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
