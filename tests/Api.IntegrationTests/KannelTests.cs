using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using SmsCallback.Api.IntegrationTests.Infrastructure;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>A real Kannel (Debian packages kannel, kannel-extras): bearerbox, smsbox and fakesmsc on loopback ports with a generated
/// configuration, talking to the service over real TCP (the service runs as its own process on 127.0.0.1).</summary>
public sealed class KannelTests : IDisposable
{
    private const string Bin = "/usr/sbin";
    private const string FakeSmsc = "/usr/lib/kannel/test/fakesmsc";
    private const string Secret = "kannel-url-secret-0123456789abcdef";
    private const string AccessNumber = "48500100200";
    private const string Phone = "48600316058";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "smscallback-kannel", Guid.NewGuid().ToString("N"));
    private readonly List<ChildProcess> _processes = [];

    public KannelTests() => Directory.CreateDirectory(_directory);

    [Fact]
    public async Task An_sms_through_kannel_places_one_callback_and_the_reply_comes_back_through_sendsms_even_when_kannel_retries_and_is_reported_delivered()
    {
        Assert.True(File.Exists(FakeSmsc) && File.Exists(Path.Combine(Bin, "bearerbox")),
            "Kannel is not installed: ./test.sh installs the Debian packages kannel and kannel-extras.");
        var watch = Stopwatch.StartNew();
        static int Port() => ServiceProcess.FreePort();
        var (apiPort, adminPort, boxPort, smscPort, sendSmsPort, proxyPort) = (Port(), Port(), Port(), Port(), Port(), Port());

        var api = Start("api", "dotnet", [Path.Combine(AppContext.BaseDirectory, "SmsCallback.Api.dll"), "--urls", $"http://127.0.0.1:{apiPort}"], new()
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["ConnectionStrings__App"] = $"Data Source={Path.Combine(_directory, "app.db")}",
            ["ConnectionStrings__Jobs"] = Path.Combine(_directory, "jobs.db"),
            ["Admin__Password"] = SmsCallbackApp.AdminPassword,
            ["Sms__Generic__Secret"] = SmsCallbackApp.WebhookSecret,
            ["Switch__Simulator__AutoAnswerAfterMs"] = "30",
            ["Switch__Simulator__HangupAfterMs"] = "60",
            ["Jobs__PollIntervalMs"] = "200",
            ["Sms__Http__AttemptTimeout"] = "00:00:03",
            ["Sms__CarrierUrls__AllowHttpToLoopback"] = "true", // smsbox's sendsms listens on http://127.0.0.1
            ["Sms__PublicBaseUrl"] = $"http://127.0.0.1:{apiPort}", // where smsbox calls the dlr-url (docs/delivery-reports.md)
            ["Logging__LogLevel__Default"] = "Warning",
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"), Timeout = TimeSpan.FromSeconds(10) };
        await WaitUntilAsync(async () => (await TryGetAsync(http, "/health/live")) == HttpStatusCode.OK, TimeSpan.FromSeconds(60), "the service to start", api);
        var admin = await AdminAsync(http);
        await RegisterAsync(admin, sendSmsPort);

        // Between Kannel and the service: forwards every request, but answers Kannel's first one with 503 after the service stored the SMS,
        // as if the answer were lost on the way, so Kannel retries the same message (same %I).
        using var proxy = new DroppingProxy(proxyPort, apiPort);

        File.WriteAllText(Path.Combine(_directory, "kannel.conf"), Config(adminPort, boxPort, smscPort, sendSmsPort, proxyPort));
        var bearerbox = Start("bearerbox", Path.Combine(Bin, "bearerbox"), [Path.Combine(_directory, "kannel.conf")]);
        await WaitUntilAsync(() => Task.FromResult(IsListening(boxPort) && IsListening(smscPort)), TimeSpan.FromSeconds(20), "bearerbox", bearerbox);
        var smsbox = Start("smsbox", Path.Combine(Bin, "smsbox"), [Path.Combine(_directory, "kannel.conf")]);
        await WaitUntilAsync(() => Task.FromResult(IsListening(sendSmsPort)), TimeSpan.FromSeconds(20), "smsbox", smsbox);

        var fakesmsc = Start("fakesmsc", FakeSmsc, ["-H", "127.0.0.1", "-r", smscPort.ToString(), "-i", "1", "-m", "1", $"{Phone} {AccessNumber} text D.48774417880"]);

        var callbacks = await EventuallyAsync(admin, "/api/admin/callbacks", c => c.Length == 1 && c[0].GetProperty("state").GetString() == "Completed",
            "the callback on the simulator to complete", fakesmsc, smsbox);
        Assert.Equal(("+48600316058", "+48774417880"),
            (callbacks[0].GetProperty("source").GetString(), callbacks[0].GetProperty("destination").GetString()));

        await WaitUntilAsync(() => Task.FromResult(fakesmsc.Output.Contains("Calling +48600316058, then +48774417880.")), TimeSpan.FromSeconds(30),
            "the reply to reach fakesmsc through sendsms", fakesmsc, smsbox);
        var delivered = watch.Elapsed;

        await WaitUntilAsync(() => Task.FromResult(proxy.Requests.Count >= 2), TimeSpan.FromSeconds(20), "Kannel to retry the dropped request", smsbox);
        var ids = proxy.Requests.Select(r => System.Web.HttpUtility.ParseQueryString(new Uri("http://x" + r).Query)["id"]).ToList();
        Assert.Single(ids.Distinct()); // the retry carries the same %I
        Assert.False(string.IsNullOrEmpty(ids[0]));
        await WaitUntilAsync(() => Task.FromResult(proxy.Answered >= 2), TimeSpan.FromSeconds(20), "the service to answer the retry", smsbox);
        await ServiceProcess.WaitUntilQuietAsync(Path.Combine(_directory, "app.db")); // a second call, if the retry caused one, is there by now
        Assert.Single(await GetArrayAsync(admin, "/api/admin/callbacks"));
        var inbox = Assert.Single(await GetArrayAsync(admin, "/api/admin/sms/inbox"));
        Assert.Equal(("kannel", ids[0]), (inbox.GetProperty("channel").GetString(), inbox.GetProperty("messageId").GetString()));
        var outbox = Assert.Single(await GetArrayAsync(admin, "/api/admin/sms/outbox"));
        Assert.Equal(("Sent", AccessNumber), (outbox.GetProperty("status").GetString(), outbox.GetProperty("from").GetString()));

        // The reply was sent with dlr-mask=31 and our dlr-url: fakesmsc confirms delivery (type 1) and bearerbox the SMSC's acceptance
        // (type 8), in either order; smsbox calls the dlr-url with the per-SMS token and the SMS ends Delivered.
        outbox = (await EventuallyAsync(admin, "/api/admin/sms/outbox", o => o.Length == 1 && o[0].GetProperty("state").GetString() == "Delivered",
            "Kannel's delivery report", smsbox, bearerbox))[0];
        Assert.Equal("1", outbox.GetProperty("carrierStatus").GetString());
        Assert.Equal("Sent", outbox.GetProperty("status").GetString());
        Console.WriteLine($"Kannel round trip: reply at fakesmsc after {delivered.TotalSeconds:F1} s (including the service's start), test {watch.Elapsed.TotalSeconds:F1} s");
    }

    private static string Config(int adminPort, int boxPort, int smscPort, int sendSmsPort, int proxyPort) => $"""
        group = core
        admin-port = {adminPort}
        admin-password = admin-secret
        admin-interface = 127.0.0.1
        admin-allow-ip = "127.0.0.1"
        smsbox-port = {boxPort}
        smsbox-interface = 127.0.0.1
        box-allow-ip = "127.0.0.1"
        log-level = 0

        group = smsc
        smsc = fake
        smsc-id = fake
        port = {smscPort}
        connect-allow-ip = 127.0.0.1

        group = smsbox
        bearerbox-host = 127.0.0.1
        bearerbox-port = {boxPort}
        sendsms-port = {sendSmsPort}
        sendsms-interface = 127.0.0.1
        http-request-retry = 3
        http-queue-delay = 1
        log-level = 0

        group = sendsms-user
        username = tester
        password = foobar
        user-allow-ip = "127.0.0.1"

        group = sms-service
        keyword = default
        catch-all = true
        get-url = "http://127.0.0.1:{proxyPort}/api/sms/inbound/kannel?secret={Secret}&id=%I&from=%p&to=%P&text=%a"
        send-sender = true
        omit-empty = true
        max-messages = 0

        """;

    private async Task RegisterAsync(HttpClient admin, int sendSmsPort)
    {
        var account = await admin.PostAsJsonAsync("/api/admin/accounts", new { login = "callback", password = "pass1234" });
        var id = (await account.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/topups", new { amount = 10m, note = "test" })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/phones", new { number = Phone })).StatusCode);
        var number = await admin.PostAsJsonAsync("/api/admin/access-numbers", new
        {
            number = AccessNumber, channel = "kannel", secret = Secret,
            kannel = new { sendSmsUrl = $"http://127.0.0.1:{sendSmsPort}/cgi-bin/sendsms", username = "tester", password = "foobar" },
        });
        Assert.Equal(HttpStatusCode.Created, number.StatusCode);
    }

    private static async Task<HttpClient> AdminAsync(HttpClient http)
    {
        var token = await http.PostAsJsonAsync("/api/auth/token", new { login = "admin", password = SmsCallbackApp.AdminPassword });
        token.EnsureSuccessStatusCode();
        var admin = new HttpClient { BaseAddress = http.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("accessToken").GetString());
        return admin;
    }

    private static async Task<JsonElement[]> GetArrayAsync(HttpClient client, string url) =>
        [.. (await client.GetFromJsonAsync<JsonElement>(url)).EnumerateArray()];

    private static async Task<JsonElement[]> EventuallyAsync(HttpClient client, string url, Func<JsonElement[], bool> condition, string what,
        params ChildProcess[] show)
    {
        JsonElement[] value = [];
        await WaitUntilAsync(async () => condition(value = await GetArrayAsync(client, url)), TimeSpan.FromSeconds(30), what, show);
        return value;
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, string what, params ChildProcess[] show)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(100);
        }
        Assert.Fail($"Timed out after {timeout.TotalSeconds} s waiting for {what}.\n" + string.Join("\n", show.Select(p => $"--- {p.Name}:\n{p.Output}")));
    }

    private static async Task<HttpStatusCode?> TryGetAsync(HttpClient http, string url)
    {
        try
        {
            return (await http.GetAsync(url)).StatusCode;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return null;
        }
    }

    private ChildProcess Start(string name, string file, string[] arguments, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = _directory,
        };
        foreach (var (key, value) in environment ?? []) info.Environment[key] = value;
        var child = new ChildProcess(name, Process.Start(info)!);
        _processes.Add(child);
        return child;
    }

    private static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }


    public void Dispose()
    {
        foreach (var process in Enumerable.Reverse(_processes)) process.Dispose();
        if (Environment.GetEnvironmentVariable("SMSCALLBACK_KEEP_TEST_DATA") is null)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(_directory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>A started process whose output is collected; killed (with its children) on dispose.</summary>
    private sealed class ChildProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ConcurrentQueue<string> _lines = new();

        public ChildProcess(string name, Process process)
        {
            Name = name;
            _process = process;
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) _lines.Enqueue(e.Data); };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
        }

        public string Name { get; }

        public string Output => string.Join('\n', _lines.TakeLast(400));

        public void Dispose()
        {
            try
            {
                if (!_process.HasExited)
                {
                    _process.Kill(entireProcessTree: true);
                    _process.WaitForExit(5000);
                }
            }
            catch (InvalidOperationException)
            {
            }
            _process.Dispose();
        }
    }

    /// <summary>Forwards Kannel's requests to the service; the first one is forwarded, but Kannel gets a 503 instead of the service's answer.</summary>
    private sealed class DroppingProxy : IDisposable
    {
        private readonly HttpListener _listener = new();
        private readonly HttpClient _client;
        private readonly ConcurrentQueue<string> _requests = new();

        public DroppingProxy(int port, int targetPort)
        {
            _client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{targetPort}"), Timeout = TimeSpan.FromSeconds(10) };
            _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
            _listener.Start();
            _ = Task.Run(LoopAsync);
        }

        public IReadOnlyCollection<string> Requests => _requests;

        private int _answered;

        /// <summary>Requests the service has answered (so whatever it stored for them is committed).</summary>
        public int Answered => Volatile.Read(ref _answered);

        private async Task LoopAsync()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync();
                }
                catch (Exception)
                {
                    return;
                }
                var url = context.Request.RawUrl ?? "";
                _requests.Enqueue(url);
                try
                {
                    using var answer = await _client.GetAsync(url);
                    Interlocked.Increment(ref _answered);
                    // The service has stored the SMS; Kannel is told it failed (as if a load balancer lost the answer).
                    context.Response.StatusCode = _requests.Count == 1 ? 503 : (int)answer.StatusCode;
                    var body = await answer.Content.ReadAsByteArrayAsync();
                    await context.Response.OutputStream.WriteAsync(body);
                    context.Response.Close();
                }
                catch (Exception) when (!_listener.IsListening)
                {
                    return;
                }
            }
        }

        public void Dispose()
        {
            _listener.Close();
            _client.Dispose();
        }
    }
}
