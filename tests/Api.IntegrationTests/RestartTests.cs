using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Domain.Sms;
using SmsCallback.Infrastructure.Persistence;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>An SMS the webhook acknowledged is never lost and never acted on twice, whatever happens to the process.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task An_sms_stored_but_not_processed_before_a_crash_is_processed_once_after_the_restart()
    {
        string dataDirectory;
        using (var first = new SmsCallbackApp { DeleteDataOnDispose = false })
        {
            dataDirectory = first.DataDirectory;
            await first.CreateAccountAsync(await first.AdminClientAsync(), "callback", "pass1234", "48600316058");
        }

        // The state a crash right after the webhook's commit leaves behind: the SMS is stored and acknowledged, nothing else happened.
        var options = new DbContextOptionsBuilder<SqliteAppDbContext>().UseSqlite($"Data Source={Path.Combine(dataDirectory, "app.db")}").Options;
        await using (var db = new SqliteAppDbContext(options))
        {
            db.InboundSms.Add(InboundSms.Receive("generic", "crash-1", "48600316058", "48500100200", "D.48774417880",
                DateTimeOffset.UtcNow, DateTimeOffset.UtcNow));
            await db.SaveChangesAsync();
        }

        using var second = new SmsCallbackApp(dataDirectory);
        var admin = await second.AdminClientAsync();
        var callbacks = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"),
            c => c.Length == 1 && c[0].GetProperty("state").GetString() == "Completed", "the callback of the stored SMS");
        Assert.Equal("+48774417880", callbacks[0].GetProperty("destination").GetString());
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"),
            o => o.Length == 1 && o[0].GetProperty("status").GetString() == "Sent", "its reply");

        // A repeat of the same message after the restart is still a duplicate.
        var again = await second.PostSmsAsync("crash-1", "48600316058", "D.48774417880");
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        await second.WaitUntilQuietAsync();
        Assert.Single(await GetArrayAsync(admin, "/api/admin/callbacks"));
    }

    [Fact]
    public async Task Sms_left_in_the_inbox_landing_file_by_a_crash_are_moved_and_processed_once_at_the_restart()
    {
        string dataDirectory;
        using (var first = new SmsCallbackApp { DeleteDataOnDispose = false })
        {
            dataDirectory = first.DataDirectory;
            var admin = await first.AdminClientAsync();
            await first.CreateAccountAsync(admin, "callback", "pass1234", "48600316058");
            await DisableIvrAsync(admin);
            Assert.Equal(HttpStatusCode.OK, (await first.PostSmsAsync("moved-1", "48600316058", "D.48774417880")).StatusCode);
            await first.WaitUntilQuietAsync();
        }

        // The two states a kill can leave in the landing file (docs/adr/0055-inbox-landing-file.md): "moved-1" was moved and
        // processed, but its landed row was not deleted yet; "landed-2" was acknowledged and never moved.
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await using (var landing = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={Path.Combine(dataDirectory, "app.inbox.db")};Pooling=False"))
        {
            await landing.OpenAsync();
            var command = landing.CreateCommand();
            command.CommandText = $"""
                ATTACH DATABASE '{Path.Combine(dataDirectory, "app.db")}' AS app;
                INSERT INTO LandedSms (Id, Channel, ExternalId, "From", "To", Text, ProtectedText, ReceivedAt, StoredAt, Status)
                    SELECT Id, Channel, ExternalId, "From", "To", Text, ProtectedText, ReceivedAt, StoredAt, 0 FROM app.InboundSms;
                INSERT INTO LandedSms (Id, Channel, ExternalId, "From", "To", Text, ProtectedText, ReceivedAt, StoredAt, Status)
                    SELECT upper('{Guid.NewGuid()}'), Channel, 'landed-2', "From", "To", Text, ProtectedText, ReceivedAt, StoredAt, 0 FROM app.InboundSms;
                """;
            Assert.Equal(2, await command.ExecuteNonQueryAsync());
        }

        using var second = new SmsCallbackApp(dataDirectory);
        _ = second.Services; // started: the landing file is emptied at the start (the initialiser, then the mover)
        await EventuallyAsync(() => ScalarAsync(second.LandingDatabasePath, "SELECT COUNT(*) FROM LandedSms"), n => n == 0, "the landing file emptied");
        Assert.Equal(2L, await ScalarAsync(second.AppDatabasePath, "SELECT COUNT(*) FROM InboundSms"));
        Assert.Equal(0L, await ScalarAsync(second.LandingDatabasePath, "SELECT COUNT(*) FROM LandedSms"));
        var admin2 = await second.AdminClientAsync();
        await second.WaitUntilQuietAsync();
        var callbacks = await GetArrayAsync(admin2, "/api/admin/callbacks");
        Assert.Equal(2, callbacks.Length); // one per SMS: the one moved twice is not processed again
        var inbox = await GetArrayAsync(admin2, "/api/admin/sms/inbox");
        Assert.Equal(["landed-2", "moved-1"], inbox.Select(s => s.GetProperty("messageId").GetString()).Order());
        Assert.All(inbox, s => Assert.Equal("Processed", s.GetProperty("status").GetString()));
    }

    private static async Task<long> ScalarAsync(string database, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Killing_the_process_under_load_loses_no_acknowledged_sms_and_doubles_none()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "smscallback-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        try
        {
            var acknowledged = new List<string>();
            using (var server = StartServer(dataDirectory))
            {
                await server.WaitUntilLiveAsync();
                using var admin = await server.ClientForAsync("admin", AdminPassword);
                await CreateAccountAsync(admin, "callback", "pass1234", "48600316058");

                using var sender = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
                var sending = Task.Run(async () =>
                {
                    for (var i = 0; i < 400; i++)
                    {
                        var id = $"kill-{i}";
                        try
                        {
                            var response = await PostAsync(sender, Body(id, "48600316058", "D.48774417880"));
                            if (response.StatusCode == HttpStatusCode.OK) lock (acknowledged) acknowledged.Add(id);
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                        {
                            return; // the process is gone
                        }
                    }
                });
                await WaitForAsync(() => { lock (acknowledged) return acknowledged.Count >= 40; });
                server.Kill();
                await sending;
            }
            Assert.True(acknowledged.Count >= 40);

            using var restarted = StartServer(dataDirectory);
            await restarted.WaitUntilLiveAsync();
            using var client = await restarted.ClientForAsync("admin", AdminPassword);
            var inbox = await EventuallyAsync(() => GetArrayAsync(client, "/api/admin/sms/inbox?take=500"),
                items => items.All(i => i.GetProperty("status").GetString() == "Processed") && items.Length >= acknowledged.Count,
                "every stored SMS processed", 60_000);
            var stored = inbox.Select(i => i.GetProperty("messageId").GetString()).ToList();
            Assert.Equal(stored.Count, stored.Distinct().Count());
            Assert.Empty(acknowledged.Except(stored)); // nothing acknowledged was lost

            var callbacks = await GetArrayAsync(client, "/api/admin/callbacks?take=500");
            // replies only: a call the kill cut off is explained to its customer by a failure notice (docs/callback-policies.md)
            var outbox = (await GetArrayAsync(client, "/api/admin/sms/outbox?take=500")).Where(o => o.GetProperty("kind").GetString() != "Notice").ToArray();
            var smsIds = inbox.Select(i => i.GetProperty("id").GetString()).ToHashSet();
            Assert.Equal(inbox.Length, callbacks.Length); // one call per SMS, not two
            Assert.Equal(smsIds, callbacks.Select(c => c.GetProperty("inboundSmsId").GetString()).ToHashSet());
            Assert.Equal(smsIds, outbox.Select(o => o.GetProperty("inboundSmsId").GetString()).ToHashSet());
            Assert.Equal(inbox.Length, outbox.Length); // one reply per SMS
        }
        finally
        {
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    private static async Task CreateAccountAsync(HttpClient admin, string login, string password, string phone)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/accounts", new { login, password });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await admin.PutAsJsonAsync($"/api/admin/accounts/{id}", new { creditLimit = 10_000m, maxConcurrentCallbacks = 0 }))
            .EnsureSuccessStatusCode(); // credit for every callback of the load, any number at once
        (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/phones", new { number = phone })).EnsureSuccessStatusCode();
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sms/inbound/generic") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Signature", Sign(body));
        return client.SendAsync(request);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(5);
    }

    /// <summary>The service as its own operating-system process on 127.0.0.1 (so it can be killed without warning), fast and quiet.</summary>
    private static ServiceProcess StartServer(string dataDirectory) => ServiceProcess.Start(new Dictionary<string, string>
    {
        ["Switch__Simulator__AutoAnswerAfterMs"] = "20",
        ["Switch__Simulator__HangupAfterMs"] = "20",
        ["Processing__OutboxSweepGrace"] = "00:00:02",
        ["Logging__LogLevel__Default"] = "Warning",
        ["AntiAbuse__MaxCallbacksPerSender"] = "100000", // this test is about durability, not rate limits
        ["AntiAbuse__MaxCallbacksPerAccount"] = "100000",
    }, dataDirectory);
}
