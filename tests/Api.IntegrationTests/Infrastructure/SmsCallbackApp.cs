using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace SmsCallback.Api.IntegrationTests.Infrastructure;

/// <summary>The real service over the real HTTP pipeline, on its own SQLite files in a temporary directory.
/// Fast simulator and job-polling settings; everything else is the product's default.</summary>
public sealed class SmsCallbackApp : WebApplicationFactory<Program>
{
    public const string AdminPassword = "admin-test-password";
    public const string WebhookSecret = "test-webhook-secret";

    private readonly Dictionary<string, string?> _settings;

    /// <param name="clockSpeed">How much faster than real time the service's clock runs (timers included), for calls of minutes.</param>
    public SmsCallbackApp(string? dataDirectory = null, IDictionary<string, string?>? settings = null, double clockSpeed = 1)
    {
        Clock = new ShiftedClock(clockSpeed);
        DataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "smscallback-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataDirectory);
        _settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:App"] = $"Data Source={Path.Combine(DataDirectory, "app.db")}",
            ["ConnectionStrings:Jobs"] = Path.Combine(DataDirectory, "jobs.db"),
            ["Admin:Login"] = "admin",
            ["Admin:Password"] = AdminPassword,
            ["Sms:Generic:Secret"] = WebhookSecret,
            ["Switch:Simulator:Mode"] = "Auto",
            ["Switch:Simulator:AutoAnswerAfterMs"] = "30",
            ["Switch:Simulator:HangupAfterMs"] = "60",
            ["Jobs:PollIntervalMs"] = "200",
            ["Processing:SweepInterval"] = "00:00:01",
            ["Processing:SweepGrace"] = "00:00:01",
            // Tests expect the call at once and one attempt of leg A; the callback-policy tests set their own (docs/callback-policies.md).
            ["Callbacks:RingDelaySeconds"] = "0",
            ["Callbacks:SourceRetries"] = "0",
            ["Callbacks:PollInterval"] = "00:00:00.200",
            // Every test request comes from the same (no) address: the per-address sign-in limit is lifted except where a test sets it.
            ["RateLimiting:SignIn:PermitLimit"] = "100000",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>()) _settings[key] = value;
    }

    public string DataDirectory { get; }

    public const decimal TestCreditLimit = 100m;

    /// <summary>false keeps the files for a second instance on the same data (the restart tests).</summary>
    public bool DeleteDataOnDispose { get; init; } = true;

    public string AppDatabasePath => Path.Combine(DataDirectory, "app.db");

    /// <summary>The inbox's landing file next to it (docs/adr/0055-inbox-landing-file.md).</summary>
    public string LandingDatabasePath => Path.Combine(DataDirectory, "app.inbox.db");

    /// <summary>Replaces services after the product's registrations (for example a failing adapter).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>The service's clock: real time (or faster) plus an offset a test may move forward.</summary>
    public ShiftedClock Clock { get; }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        foreach (var (key, value) in _settings) builder.UseSetting(key, value);
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Clock);
            ConfigureServices?.Invoke(services);
        });
    }

    public async Task<HttpClient> AdminClientAsync() => await ClientForAsync("admin", AdminPassword);

    public async Task<HttpClient> ClientForAsync(string login, string password)
    {
        var client = CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { login, password });
        response.EnsureSuccessStatusCode();
        var token = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>Creates a customer with the given registered phones; returns its id. Its balance is zero, but a credit limit of
    /// <see cref="TestCreditLimit"/> and up to 5 concurrent callbacks let it place calls (billing tests set their own).</summary>
    public async Task<Guid> CreateAccountAsync(HttpClient admin, string login, string password, params string[] phones)
    {
        var response = await admin.PostAsJsonAsync("/api/admin/accounts", new { login, password });
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await admin.PutAsJsonAsync($"/api/admin/accounts/{id}", new { creditLimit = TestCreditLimit, maxConcurrentCallbacks = 5 })).EnsureSuccessStatusCode();
        foreach (var phone in phones)
        {
            var registered = await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/phones", new { number = phone });
            Assert.Equal(System.Net.HttpStatusCode.Created, registered.StatusCode);
        }
        return id;
    }

    /// <summary>Switches the IVR off, so a destination that ends or fails ends the callback (the lifecycle without the IVR).</summary>
    public static async Task DisableIvrAsync(HttpClient admin) =>
        (await admin.PutAsJsonAsync("/api/admin/ivr-settings", new { enabled = false })).EnsureSuccessStatusCode();

    public static string Body(string messageId, string from, string text, string to = "48500100200") =>
        JsonSerializer.Serialize(new { messageId, from, to, text, receivedAt = DateTimeOffset.UtcNow });

    public static string Sign(string body, string secret = WebhookSecret) =>
        "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(body)));

    public Task<HttpResponseMessage> PostSignedAsync(string body, string? signature = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sms/inbound/generic")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("X-Signature", signature ?? Sign(body));
        return CreateClient().SendAsync(request);
    }

    public Task<HttpResponseMessage> PostSmsAsync(string messageId, string from, string text) => PostSignedAsync(Body(messageId, from, text));

    public static async Task<JsonElement[]> GetArrayAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url);
        response.EnsureSuccessStatusCode();
        return [.. (await response.Content.ReadFromJsonAsync<JsonElement>()).EnumerateArray()];
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the time is up (then fails with <paramref name="what"/>).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> condition, string what, int timeoutMs = 15_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        T value;
        do
        {
            value = await read();
            if (condition(value)) return value;
            await Task.Delay(50);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"Timed out waiting for {what}. Last value: {JsonSerializer.Serialize(value)}");
        return value;
    }

    /// <summary>Waits until the service has nothing left to do — no SMS pending in the inbox, no callback in progress, no reply queued or
    /// being sent, no background job enqueued, scheduled (retries included) or processing — seen twice in a row, and only then returns, so
    /// a test that counts afterwards counts everything that will ever happen (instead of sleeping and hoping). Replies waiting for a
    /// forwarder's result and parts of a long SMS waiting for the rest are outside the service's hands and do not count.</summary>
    public async Task WaitUntilQuietAsync(int timeoutMs = 30_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var quietInARow = 0;
        string busy;
        do
        {
            busy = await BusyWithAsync();
            quietInARow = busy.Length == 0 ? quietInARow + 1 : 0;
            if (quietInARow == 2) return;
            await Task.Delay(100);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"The service did not become quiet within {timeoutMs} ms: {busy}");
    }

    private async Task<string> BusyWithAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        var busy = await BusyWithAsync(scope.ServiceProvider.GetRequiredService<SmsCallback.Infrastructure.Persistence.AppDbContext>());
        if (Services.GetService<Hangfire.JobStorage>() is { } storage)
        {
            var monitor = storage.GetMonitoringApi();
            var jobs = monitor.ProcessingCount() + monitor.ScheduledCount() + monitor.Queues().Sum(q => q.Length);
            if (jobs > 0) busy = string.Join(", ", new[] { busy, $"{jobs} background jobs queued, scheduled or processing" }.Where(b => b.Length > 0));
        }
        return busy;
    }

    /// <summary>SMS the webhook acknowledged that the inbox has not yet moved into <c>InboundSms</c> (docs/adr/0055-inbox-landing-file.md).</summary>
    private static async Task<long> LandedAsync(SmsCallback.Infrastructure.Persistence.AppDbContext db)
    {
        var path = SmsCallback.Infrastructure.Persistence.Inbox.LandingFile.PathFor(
            new Microsoft.Data.Sqlite.SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource);
        if (!File.Exists(path)) return 0;
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Mode=ReadOnly;Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM LandedSms";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>What the service's database shows it still has to do (inbox, callbacks, outbox); empty when nothing. Also used for a service
    /// in its own process (<see cref="ServiceProcess.WaitUntilQuietAsync"/>), whose job storage this process cannot see.</summary>
    internal static async Task<string> BusyWithAsync(SmsCallback.Infrastructure.Persistence.AppDbContext db)
    {
        var busy = new List<string>();
        if (await db.InboundSms.CountAsync(s => s.Status == SmsCallback.Domain.Sms.InboundSmsStatus.Pending) is > 0 and var inbox)
            busy.Add($"{inbox} inbox SMS pending");
        if (db.Database.IsSqlite() && await LandedAsync(db) is > 0 and var landed)
            busy.Add($"{landed} SMS acknowledged and still in the landing file");
        if (await db.Callbacks.IgnoreAutoIncludes().CountAsync(c => c.State != SmsCallback.Domain.Callbacks.CallbackState.Completed
                && c.State != SmsCallback.Domain.Callbacks.CallbackState.Failed) is > 0 and var callbacks)
            busy.Add($"{callbacks} callbacks in progress");
        if (await db.OutboxMessages.CountAsync() is > 0 and var events)
            busy.Add($"{events} domain events waiting for their consumers");
        if (await db.OutboundSms.CountAsync(o => o.Status == SmsCallback.Domain.Sms.OutboundSmsStatus.Queued
                || o.Status == SmsCallback.Domain.Sms.OutboundSmsStatus.Sending) is > 0 and var outbox)
            busy.Add($"{outbox} outbound SMS queued or sending");
        return string.Join(", ", busy);
    }

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing && DeleteDataOnDispose && Environment.GetEnvironmentVariable("SMSCALLBACK_KEEP_TEST_DATA") is null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }
}

/// <summary>Real time plus an offset a test may move forward; optionally running <paramref name="speed"/> times faster, timers too,
/// so a three-minute call takes three seconds at speed 60.</summary>
public sealed class ShiftedClock(double speed = 1) : TimeProvider
{
    private readonly DateTimeOffset _start = System.GetUtcNow();
    private long _offsetTicks;

    public double Speed { get; } = speed > 0 ? speed : throw new ArgumentOutOfRangeException(nameof(speed));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow()
    {
        var now = System.GetUtcNow();
        var elapsed = Speed == 1 ? now - _start : TimeSpan.FromTicks((long)((now - _start).Ticks * Speed));
        return _start + elapsed + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        Speed == 1 ? System.CreateTimer(callback, state, dueTime, period) : new ScaledTimer(System.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    private TimeSpan Scale(TimeSpan span) => span == Timeout.InfiniteTimeSpan ? span : TimeSpan.FromTicks((long)(span.Ticks / Speed));

    private sealed class ScaledTimer(ITimer inner, ShiftedClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));
        public void Dispose() => inner.Dispose();
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
