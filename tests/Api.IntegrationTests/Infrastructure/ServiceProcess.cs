using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests.Infrastructure;

/// <summary>The service as an operator runs it: its own process on Kestrel at 127.0.0.1, every line it writes to the console kept.</summary>
public sealed class ServiceProcess : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly bool _ownsDataDirectory;

    private ServiceProcess(Process process, Uri baseAddress, string dataDirectory, bool ownsDataDirectory)
    {
        _process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    /// <summary>Every line of standard output and standard error so far.</summary>
    public IReadOnlyList<string> Output => [.. _output];

    /// <param name="dataDirectory">The service's files; a given folder is kept (for a restart on the same data), a new one is deleted
    /// on <see cref="Dispose"/>.</param>
    public static ServiceProcess Start(IDictionary<string, string>? environment = null, string? dataDirectory = null)
    {
        var owns = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "smscallback-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort();
        var api = Path.Combine(AppContext.BaseDirectory, "SmsCallback.Api.dll");
        var info = new ProcessStartInfo("dotnet", [api, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = dataDirectory,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["ConnectionStrings__App"] = $"Data Source={Path.Combine(dataDirectory, "app.db")}";
        info.Environment["ConnectionStrings__Jobs"] = Path.Combine(dataDirectory, "jobs.db");
        info.Environment["Admin__Password"] = AdminPassword;
        info.Environment["Sms__Generic__Secret"] = WebhookSecret;
        info.Environment["Switch__Simulator__Mode"] = "Auto";
        info.Environment["Switch__Simulator__AutoAnswerAfterMs"] = "30";
        info.Environment["Switch__Simulator__HangupAfterMs"] = "60";
        info.Environment["Jobs__PollIntervalMs"] = "200";
        info.Environment["Processing__SweepInterval"] = "00:00:01";
        info.Environment["Processing__SweepGrace"] = "00:00:01";
        info.Environment["Callbacks__RingDelaySeconds"] = "0";
        info.Environment["Callbacks__SourceRetries"] = "0";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>()) info.Environment[key] = value;
        var process = Process.Start(info)!;
        var service = new ServiceProcess(process, new Uri($"http://127.0.0.1:{port}"), dataDirectory, owns);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) service._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) service._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return service;
    }

    public HttpClient Client() => new() { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };

    public async Task WaitUntilLiveAsync()
    {
        using var client = Client();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            Assert.False(_process.HasExited, "the service exited at start-up:\n" + string.Join('\n', _output.TakeLast(30)));
            try
            {
                if ((await client.GetAsync("/health/live")).StatusCode == HttpStatusCode.OK) return;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
            }
            await Task.Delay(100);
        }
        Assert.Fail("The service did not start within 60 s.");
    }

    /// <summary>Waits until the service's database shows nothing left to do — no SMS pending, no callback in progress, no reply queued or
    /// being sent — seen twice in a row (<see cref="SmsCallbackApp.WaitUntilQuietAsync"/> for a service in this process; its job storage is
    /// not visible from here, but every job the service queues is for an outbound SMS, which counts until it is sent).</summary>
    public Task WaitUntilQuietAsync(int timeoutMs = 60_000) => WaitUntilQuietAsync(Path.Combine(DataDirectory, "app.db"), timeoutMs);

    /// <summary>The same for any service process whose database file is <paramref name="appDatabasePath"/>.</summary>
    public static async Task WaitUntilQuietAsync(string appDatabasePath, int timeoutMs = 60_000)
    {
        var options = new Microsoft.EntityFrameworkCore.DbContextOptionsBuilder<SmsCallback.Infrastructure.Persistence.SqliteAppDbContext>()
            .UseSqlite($"Data Source={appDatabasePath}").Options;
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        var quietInARow = 0;
        string busy;
        do
        {
            await using (var db = new SmsCallback.Infrastructure.Persistence.SqliteAppDbContext(options)) busy = await SmsCallbackApp.BusyWithAsync(db);
            quietInARow = busy.Length == 0 ? quietInARow + 1 : 0;
            if (quietInARow == 2) return;
            await Task.Delay(200);
        } while (DateTime.UtcNow < deadline);
        Assert.Fail($"The service did not become quiet within {timeoutMs} ms: {busy}");
    }

    /// <summary>A client with the admin's bearer token; <paramref name="token"/> gets the token itself.</summary>
    public async Task<HttpClient> ClientForAsync(string login, string password, Action<string>? token = null)
    {
        var client = Client();
        var response = await client.PostAsJsonAsync("/api/auth/token", new { login, password });
        response.EnsureSuccessStatusCode();
        var value = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString()!;
        token?.Invoke(value);
        client.DefaultRequestHeaders.Authorization = new("Bearer", value);
        return client;
    }

    /// <summary>Stops the process the way a service manager does (SIGTERM), so it flushes its logs, then waits for it.</summary>
    public void Stop()
    {
        if (_process.HasExited) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()])) kill.WaitForExit(5_000);
        if (!_process.WaitForExit(20_000)) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(); // drains the output readers
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash or a power cut would.</summary>
    public void Kill()
    {
        if (!_process.HasExited) _process.Kill(entireProcessTree: true);
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
        if (!_ownsDataDirectory) return;
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(DataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>A free loopback port for a process the test starts, below the kernel's ephemeral range (32768–60999 on Linux): a port
    /// the kernel picked (port 0) can be taken by any outgoing connection between this check and the other process's bind (Kannel's
    /// bearerbox once failed so in CI). Not handed out twice in one test run.</summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_768);
            if (!HandedOut.TryAdd(port, 0)) continue;
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (System.Net.Sockets.SocketException)
            {
                // in use: another
            }
        }
        throw new InvalidOperationException("No free loopback port between 20000 and 32767.");
    }
}
