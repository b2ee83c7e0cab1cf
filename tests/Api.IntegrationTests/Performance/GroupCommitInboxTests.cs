using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Infrastructure.Persistence;
using SmsCallback.Infrastructure.Persistence.Inbox;
using Xunit.Abstractions;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests.Performance;

/// <summary>The inbox's group commit (docs/adr/0037-group-committed-inbox.md): many webhook requests share one transaction, yet each 200
/// still means "stored once", a repeat is still a duplicate, and a row the database refuses fails only its own request.</summary>
public sealed class GroupCommitInboxTests(ITestOutputHelper output) : IDisposable
{
    private readonly SmsCallbackApp _app = new();

    public void Dispose() => _app.Dispose();

    private sealed record Accepted(Guid Id, bool Duplicate);

    [Fact]
    public async Task Five_hundred_concurrent_requests_for_a_hundred_messages_store_each_once_and_flag_the_repeats()
    {
        using var admin = await _app.AdminClientAsync(); // the database exists
        var client = _app.CreateClient();
        var bodies = Enumerable.Range(0, 500).Select(i => Body($"dup-{i % 100:000}", "48501000001", "hello")).ToArray();
        var answers = new ConcurrentBag<(string MessageId, HttpStatusCode Status, Accepted? Body)>();

        await Parallel.ForEachAsync(Enumerable.Range(0, 500), new ParallelOptions { MaxDegreeOfParallelism = 64 }, async (i, ct) =>
        {
            var response = await _app.PostSignedAsync(bodies[i]);
            var accepted = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<Accepted>(ct) : null;
            answers.Add(($"dup-{i % 100:000}", response.StatusCode, accepted));
        });

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.Status));
        foreach (var group in answers.GroupBy(a => a.MessageId))
        {
            Assert.Single(group.Select(a => a.Body!.Id).Distinct()); // every repeat answers with the stored id
            Assert.Equal(1, group.Count(a => !a.Body!.Duplicate));
            Assert.Equal(4, group.Count(a => a.Body!.Duplicate));
        }
        var stored = await GetArrayAsync(admin, "/api/admin/sms/inbox?take=500"); // lists every SMS acknowledged before it was asked
        Assert.Equal(100, await CountAsync(_app.AppDatabasePath, "SELECT COUNT(*) FROM InboundSms WHERE ExternalId LIKE 'dup-%'"));
        Assert.Equal(answers.Where(a => !a.Body!.Duplicate).Select(a => a.Body!.Id).Order(),
            stored.Select(s => s.GetProperty("id").GetGuid()).Order()); // the ids answered are the rows EF Core reads back
    }

    [Fact]
    public async Task A_row_the_landing_file_refuses_fails_only_its_own_request_and_the_rest_of_the_batch_is_stored()
    {
        using var admin = await _app.AdminClientAsync();
        await PoisonAsync(_app.LandingDatabasePath, "LandedSms");
        var texts = Enumerable.Range(0, 60).Select(i => i % 20 == 7 ? "poison" : $"fine {i}").ToArray();
        var statuses = new HttpStatusCode[texts.Length];

        await Parallel.ForEachAsync(Enumerable.Range(0, texts.Length), new ParallelOptions { MaxDegreeOfParallelism = 60 }, async (i, _) =>
            statuses[i] = (await _app.PostSmsAsync($"batch-{i}", "48501000002", texts[i])).StatusCode);

        for (var i = 0; i < texts.Length; i++)
            Assert.Equal(texts[i] == "poison" ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK, statuses[i]);
        await EventuallyAsync(() => CountAsync(_app.AppDatabasePath, "SELECT COUNT(*) FROM InboundSms WHERE ExternalId LIKE 'batch-%'"),
            n => n == 57, "the 57 acknowledged SMS moved into the inbox");
        Assert.Equal(0, await CountAsync(_app.AppDatabasePath, "SELECT COUNT(*) FROM InboundSms WHERE Text = 'poison'"));

        // the refused SMS is not lost for good: once the database accepts it, the carrier's retry stores it
        await ExecuteAsync(_app.LandingDatabasePath, "DROP TRIGGER poison;");
        Assert.Equal(HttpStatusCode.OK, (await _app.PostSmsAsync("batch-7", "48501000002", "poison")).StatusCode);
        await EventuallyAsync(() => CountAsync(_app.AppDatabasePath, "SELECT COUNT(*) FROM InboundSms WHERE ExternalId LIKE 'batch-%'"),
            n => n == 58, "the carrier's retry stored");
    }

    [Fact]
    public async Task Requests_that_arrive_while_the_inbox_waits_for_the_landing_file_join_the_batch_that_waited()
    {
        var logs = new LogCollector();
        using var app = new SmsCallbackApp { ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs) };
        using var admin = await app.AdminClientAsync();
        await PoisonAsync(app.LandingDatabasePath, "LandedSms");
        var landing = app.Services.GetRequiredService<LandingFile>();
        await landing.WriteGate.WaitAsync(); // the mover deletes moved rows from the landing file
        Task<HttpResponseMessage> first, rest;
        try
        {
            first = app.PostSmsAsync("wait-00", "48501000003", "poison"); // the inbox takes it and waits for the landing file
            await Task.Delay(300);
            rest = Task.WhenAll(Enumerable.Range(1, 19).Select(i => app.PostSmsAsync($"wait-{i:00}", "48501000003", $"fine {i}")))
                .ContinueWith(t => t.Result[0], TaskScheduler.Default);
            await Task.Delay(1_000); // they queue meanwhile
            Assert.False(first.IsCompleted); // nothing is answered before it is stored
        }
        finally
        {
            landing.WriteGate.Release();
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await first).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await rest).StatusCode);
        await EventuallyAsync(() => CountAsync(app.AppDatabasePath, "SELECT COUNT(*) FROM InboundSms WHERE ExternalId LIKE 'wait-%'"),
            n => n == 19, "the 19 acknowledged SMS moved into the inbox");
        // the refused batch is the one that waited: it took the requests that queued during the wait, not only the first
        var refused = Assert.Single(logs.Entries, e => e.Message.StartsWith("The inbox refused a batch", StringComparison.Ordinal));
        var count = int.Parse(System.Text.RegularExpressions.Regex.Match(refused.Message, @"batch of (\d+) SMS").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(count > 1, $"the batch that waited for the lock held {count} SMS");
    }

    [Fact]
    public async Task The_webhook_answers_while_processing_holds_the_databases_write_lock_and_the_sms_follow_when_it_is_released()
    {
        using var admin = await _app.AdminClientAsync();
        await _app.CreateAccountAsync(admin, "landing", "landing-password-1", "48501000004");
        var gate = _app.Services.GetRequiredService<SqliteWriteGate>();
        gate.Enter(); // a processing batch, or a switch event, holds SQLite's write lock on the application's database
        HttpResponseMessage[] answers;
        try
        {
            answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => _app.PostSmsAsync($"held-{i:00}", "48501000004", "S")))
                .WaitAsync(TimeSpan.FromSeconds(10)); // before: each request waited for the lock
            Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
            Assert.Equal(20, await CountAsync(_app.LandingDatabasePath, "SELECT COUNT(*) FROM LandedSms WHERE ExternalId LIKE 'held-%'"));
            Assert.Equal(0, await CountAsync(_app.AppDatabasePath, "SELECT COUNT(*) FROM InboundSms WHERE ExternalId LIKE 'held-%'"));
            // the health check counts them as waiting
            await EventuallyAsync(async () => await (await admin.GetAsync("/health/details")).Content.ReadAsStringAsync(),
                health => health.Contains("20 SMS waiting", StringComparison.Ordinal), "the inbox's health counting the landed SMS"); // snapshots: 5 s
        }
        finally
        {
            gate.Leave();
        }

        var ids = new List<Guid>();
        foreach (var answer in answers) ids.Add((await answer.Content.ReadFromJsonAsync<Accepted>())!.Id);
        var processed = await EventuallyAsync(() => CountAsync(_app.AppDatabasePath,
                "SELECT COUNT(*) FROM InboundSms WHERE ExternalId LIKE 'held-%' AND Status <> 0"), n => n == 20, "the 20 SMS processed");
        Assert.Equal(20, processed);
        Assert.Equal(0, await CountAsync(_app.LandingDatabasePath, "SELECT COUNT(*) FROM LandedSms"));
        var stored = await GetArrayAsync(admin, "/api/admin/sms/inbox?take=100");
        Assert.Equal(ids.Order(), stored.Select(s => s.GetProperty("id").GetGuid()).Where(ids.Contains).Order()); // the ids answered are the rows

        // a carrier's repeat once the SMS has left the landing file is still a duplicate of the stored row
        var again = await (await _app.PostSmsAsync("held-03", "48501000004", "S")).Content.ReadFromJsonAsync<Accepted>();
        Assert.Equal(new Accepted(ids[3], Duplicate: true), again);
        Assert.Equal(0, await CountAsync(_app.LandingDatabasePath, "SELECT COUNT(*) FROM LandedSms"));
        Assert.Equal(1, await CountAsync(_app.AppDatabasePath, "SELECT COUNT(*) FROM InboundSms WHERE ExternalId = 'held-03'"));
    }

    [Fact]
    public async Task An_sms_the_inbox_refuses_to_take_from_the_landing_file_stays_landed_and_the_others_are_processed()
    {
        var logs = new LogCollector();
        using var app = new SmsCallbackApp { ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs) };
        using var admin = await app.AdminClientAsync();
        await PoisonAsync(app.AppDatabasePath, "InboundSms");
        var texts = Enumerable.Range(0, 30).Select(i => i == 11 ? "poison" : "S").ToArray();
        var statuses = await Task.WhenAll(texts.Select((t, i) => app.PostSmsAsync($"move-{i:00}", "48501000005", t)));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s.StatusCode)); // acknowledged: durable in the landing file

        await EventuallyAsync(() => CountAsync(app.AppDatabasePath, "SELECT COUNT(*) FROM InboundSms WHERE ExternalId LIKE 'move-%' AND Status <> 0"),
            n => n == 29, "the 29 others processed");
        Assert.Equal(1, await CountAsync(app.LandingDatabasePath, "SELECT COUNT(*) FROM LandedSms WHERE ExternalId = 'move-11'"));
        Assert.Contains(logs.Entries, e => e.Message.StartsWith("The landed SMS", StringComparison.Ordinal) && e.Message.Contains("could not be moved"));

        await ExecuteAsync(app.AppDatabasePath, "DROP TRIGGER poison;"); // the operator mends the database: the SMS follows by itself
        await EventuallyAsync(() => CountAsync(app.AppDatabasePath, "SELECT COUNT(*) FROM InboundSms WHERE ExternalId = 'move-11' AND Status <> 0"),
            n => n == 1, "the refused SMS moved and processed once accepted", timeoutMs: 20_000);
        Assert.Equal(0, await CountAsync(app.LandingDatabasePath, "SELECT COUNT(*) FROM LandedSms"));
    }

    [Fact]
    public async Task Killing_the_service_in_the_middle_of_a_full_rate_burst_loses_no_acknowledged_sms_and_doubles_none()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "smscallback-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var acknowledged = new ConcurrentDictionary<string, Guid>();
        try
        {
            using (var server = ServiceProcess.Start(Settings, dataDirectory))
            {
                await server.WaitUntilLiveAsync();
                using var sender = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32 })
                {
                    BaseAddress = server.BaseAddress,
                    Timeout = TimeSpan.FromSeconds(10),
                };
                var next = -1;
                var stop = new CancellationTokenSource();
                var burst = Enumerable.Range(0, 32).Select(_ => Task.Run(async () =>
                {
                    for (var i = Interlocked.Increment(ref next); !stop.IsCancellationRequested; i = Interlocked.Increment(ref next))
                    {
                        try
                        {
                            var response = await PostAsync(sender, $"kill-{i:000000}");
                            if (response.StatusCode == HttpStatusCode.OK)
                                acknowledged[$"kill-{i:000000}"] = (await response.Content.ReadFromJsonAsync<Accepted>())!.Id;
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException or JsonException)
                        {
                            return; // the process is gone
                        }
                    }
                })).ToArray();
                await WaitForAsync(() => acknowledged.Count >= 2_000, TimeSpan.FromSeconds(60));
                server.Kill(); // SIGKILL with requests in flight and a batch being written
                output.WriteLine($"killed after {acknowledged.Count} acknowledged, {next + 1} sent");
                await stop.CancelAsync();
                await Task.WhenAll(burst);
            }
            Assert.True(acknowledged.Count >= 2_000, $"only {acknowledged.Count} SMS acknowledged before the kill");

            using var restarted = ServiceProcess.Start(Settings, dataDirectory);
            await restarted.WaitUntilLiveAsync();
            var database = Path.Combine(dataDirectory, "app.db");
            var stored = await ReadStoredAsync(database); // the SMS still landed at the kill were moved before the restart served
            Assert.Equal(0, await CountAsync(Path.Combine(dataDirectory, "app.inbox.db"), "SELECT COUNT(*) FROM LandedSms"));
            var missing = acknowledged.Keys.Where(k => !stored.ContainsKey(k)).ToList();
            Assert.True(missing.Count == 0, $"{missing.Count} acknowledged SMS are not stored, e.g. {string.Join(", ", missing.Take(5))}");
            Assert.All(acknowledged, a => Assert.Equal(a.Value, stored[a.Key])); // the id each 200 carried is the row stored
            Assert.Equal(stored.Count, await CountAsync(database, "SELECT COUNT(*) FROM InboundSms WHERE ExternalId LIKE 'kill-%'"));

            // the carrier's redelivery of an acknowledged SMS after the restart is a duplicate of the same row
            using var client = restarted.Client();
            var (messageId, id) = acknowledged.First();
            var again = await (await PostAsync(client, messageId)).Content.ReadFromJsonAsync<Accepted>();
            Assert.Equal(new Accepted(id, Duplicate: true), again);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    /// <summary>Nothing to process slowly: the sender is unknown, its replies capped, so the burst measures the inbox.</summary>
    private static readonly Dictionary<string, string> Settings = new()
    {
        ["Logging__LogLevel__Default"] = "Warning",
        ["AntiAbuse__MaxUnknownSenderReplies"] = "0",
    };

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string messageId)
    {
        var body = Body(messageId, "48501000003", "D.48774417880");
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sms/inbound/generic") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Signature", Sign(body));
        return client.SendAsync(request);
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        while (!condition() && !cts.IsCancellationRequested) await Task.Delay(20, CancellationToken.None);
    }

    private static async Task<Dictionary<string, Guid>> ReadStoredAsync(string database)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT ExternalId, Id FROM InboundSms WHERE ExternalId LIKE 'kill-%'";
        var rows = new Dictionary<string, Guid>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync()) rows.Add(reader.GetString(0), Guid.Parse(reader.GetString(1)));
        return rows;
    }

    private static async Task<long> CountAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>The database refuses to insert an SMS whose text is "poison" into <paramref name="table"/>.</summary>
    private static Task PoisonAsync(string database, string table) => ExecuteAsync(database,
        $"CREATE TRIGGER poison BEFORE INSERT ON {table} WHEN NEW.Text = 'poison' BEGIN SELECT RAISE(ABORT, 'poisoned row'); END;");

    private static async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
