using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Infrastructure.IntegrationTests.Switching;
using SmsCallback.Infrastructure.Switching.Asterisk;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>Money and calls stay right when the switch or the process misbehaves (docs/billing.md): each fault goes through the real
/// pipeline, and each test ends with <see cref="MoneyInvariants"/> — balance = sum of the ledger, no reservation held by a finished
/// callback, each acknowledged SMS processed once, each leg charged at most once.</summary>
public sealed class MoneyFaultTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private const string Customer = "+48600316058";
    private const string Destination = "+48774417880";

    [Fact]
    public async Task A_simulated_switch_that_ignores_the_maximum_time_is_cut_by_the_watchdog_and_the_charge_stops_at_the_cap()
    {
        using var app = new SmsCallbackApp(settings: new Dictionary<string, string?>
        {
            ["Switch:Simulator:HangupAfterMs"] = "3600000", // nobody hangs up: only the maximum time could end the call
            ["Billing:MinimumCallSeconds"] = "60",
            ["Watchdog:Interval"] = "00:00:05",
            ["Processing:SweepGrace"] = "00:10:00",
        }, clockSpeed: 60);
        var admin = await app.AdminClientAsync();
        await DisableIvrAsync(admin);
        var account = await TariffedAccountAsync(app, admin, balance: 4.00m);
        var rule = await admin.PostAsJsonAsync("/api/admin/simulator/rules", new { number = Destination, outcome = "answer", ignoresMaxTime = true });
        Assert.Equal(HttpStatusCode.Created, rule.StatusCode);

        Assert.Equal(HttpStatusCode.OK, (await app.PostSmsAsync("cap-1", Customer, "D." + Destination)).StatusCode);

        var callback = (await SettledCallbacksAsync(admin, 1))[0];
        // Both legs at 1.00/min, leg A reserved 60 s longer: (t + 60) / 60 + t / 60 <= 4.00 → t = 90 s; the cap is 90 + 5 s of grace.
        Assert.Equal(90, callback.GetProperty("maxDurationSeconds").GetInt32());
        Assert.Equal("Completed", callback.GetProperty("state").GetString());
        Assert.Equal(95, Leg(callback, "B").GetProperty("billedSeconds").GetInt32());
        Assert.InRange(Leg(callback, "A").GetProperty("billedSeconds").GetInt32(), 95, 155);
        var calls = await GetArrayAsync(admin, "/api/admin/simulator/calls");
        Assert.All(calls, c => Assert.Equal("Ended", c.GetProperty("state").GetString())); // hung up through the switch port
        var balance = (await admin.GetFromJsonAsync<JsonElement>($"/api/admin/accounts/{account}")).GetProperty("balance").GetDecimal();
        Assert.True(balance >= 0m, $"the balance {balance} went below the credit limit"); // within the reservation: the grace fits in the ring allowance

        await app.WaitUntilQuietAsync();
        await MoneyInvariants.AssertHoldAsync(app.AppDatabasePath, ["cap-1"]);
    }

    [Fact]
    public async Task An_asterisk_that_ignores_hang_ups_is_cut_by_the_watchdog_and_the_charge_stops_at_the_cap()
    {
        await using var ari = await ScriptedAriServer.StartAsync();
        ari.IgnoreHangups = true;
        using var app = AsteriskApp(ari, new() { ["Billing:MaxCallSeconds"] = "2", ["Billing:MinimumCallSeconds"] = "1", ["Billing:CallGraceSeconds"] = "1" });
        var (admin, me) = await CustomerOnAsteriskAsync(app, ari);

        var id = await WebCallbackAsync(me);
        var (a, b) = (AriChannelIds.For(id, LegKind.A), AriChannelIds.For(id, LegKind.B));
        await ari.AnswerAsync(a);
        await ari.WaitForRequestAsync("POST", "/ari/channels", r => r["channelId"] == b);
        await ari.AnswerAsync(b);

        var callback = await EventuallyAsync(() => me.GetFromJsonAsync<JsonElement>($"/api/callbacks/{id}"), Settled, "the callback cut and settled");
        Assert.Equal(2, callback.GetProperty("maxDurationSeconds").GetInt32());
        Assert.Equal("Completed", callback.GetProperty("state").GetString());
        Assert.Equal(3, Leg(callback, "B").GetProperty("billedSeconds").GetInt32()); // 2 s reserved + 1 s of grace, not a second more
        await ari.WaitForRequestAsync("DELETE", "/ari/channels/" + b); // asked (and ignored) at the maximum time and again at the deadline

        await app.WaitUntilQuietAsync();
        await MoneyInvariants.AssertHoldAsync(app.AppDatabasePath);
        Assert.Equal(0m, (await admin.GetFromJsonAsync<JsonElement>("/api/admin/callbacks")).EnumerateArray().Sum(c => c.GetProperty("reserved").GetDecimal()));
    }

    [Fact]
    public async Task A_call_that_ends_while_the_ARI_event_connection_is_down_is_reconciled_and_settled_after_the_reconnect()
    {
        await using var ari = await ScriptedAriServer.StartAsync();
        using var app = AsteriskApp(ari);
        var (_, me) = await CustomerOnAsteriskAsync(app, ari);
        var id = await ConnectedOnAsteriskAsync(ari, me);

        await ari.DropAsync();
        ari.EndWhileAway(AriChannelIds.For(id, LegKind.B)); // both hang up while nobody listens: their ChannelDestroyed reach no one
        ari.EndWhileAway(AriChannelIds.For(id, LegKind.A));
        await ari.WaitForConnectionsAsync(2);

        var callback = await EventuallyAsync(() => me.GetFromJsonAsync<JsonElement>($"/api/callbacks/{id}"), Settled, "the callback settled after the reconnect");
        Assert.Equal("Completed", callback.GetProperty("state").GetString());
        Assert.All(callback.GetProperty("legs").EnumerateArray(), l => Assert.True(l.GetProperty("cost").GetDecimal() > 0));
        await ari.WaitForRequestAsync("GET", "/ari/channels");
        await app.WaitUntilQuietAsync();
        await MoneyInvariants.AssertHoldAsync(app.AppDatabasePath);
    }

    [Fact]
    public async Task A_call_that_ends_while_the_service_is_down_is_reconciled_from_the_database_at_start_up()
    {
        await using var ari = await ScriptedAriServer.StartAsync();
        Guid id;
        string dataDirectory;
        using (var first = AsteriskApp(ari, keepData: true))
        {
            dataDirectory = first.DataDirectory;
            var (_, me) = await CustomerOnAsteriskAsync(first, ari);
            id = await ConnectedOnAsteriskAsync(ari, me);
        }
        ari.EndWhileAway(AriChannelIds.For(id, LegKind.B)); // the service is down: this process knows nothing of the call any more
        ari.EndWhileAway(AriChannelIds.For(id, LegKind.A));

        using var second = AsteriskApp(ari, dataDirectory: dataDirectory);
        var me2 = await second.ClientForAsync("money", "pass1234");
        var callback = await EventuallyAsync(() => me2.GetFromJsonAsync<JsonElement>($"/api/callbacks/{id}"), Settled, "the callback reconciled at start-up");
        Assert.Equal("Completed", callback.GetProperty("state").GetString());
        await second.WaitUntilQuietAsync();
        await MoneyInvariants.AssertHoldAsync(second.AppDatabasePath);
    }

    [Fact]
    public async Task Killing_the_service_during_a_burst_of_1000_sms_with_50_calls_up_leaves_every_invariant_true_after_the_restart()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "smscallback-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var acknowledged = new List<string>();
        var watch = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            using (var server = StartServer(dataDirectory))
            {
                await server.WaitUntilLiveAsync();
                using var admin = await server.ClientForAsync("admin", AdminPassword);
                await DisableIvrAsync(admin);
                await ProcessAccountAsync(admin);
                // Calls to this number are answered and stay up: 50 of them are in progress when the process dies.
                (await admin.PostAsJsonAsync("/api/admin/simulator/rules", new { number = Destination, outcome = "answer", hangupAfterMs = 3_600_000 }))
                    .EnsureSuccessStatusCode();

                using var sender = new HttpClient { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
                for (var i = 0; i < 50; i++)
                    if ((await PostAsync(sender, Body($"up-{i}", Customer, "D." + Destination))).StatusCode == HttpStatusCode.OK) acknowledged.Add($"up-{i}");
                await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks?take=500"),
                    c => c.Count(x => x.GetProperty("state").GetString() == "Connected") == 50, "50 calls up", 60_000);
                output.WriteLine($"{watch.Elapsed}: 50 calls up");

                var next = -1;
                var burst = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
                {
                    for (var i = Interlocked.Increment(ref next); i < 1000; i = Interlocked.Increment(ref next))
                    {
                        var messageId = $"burst-{i}";
                        try
                        {
                            var response = await PostAsync(sender, Body(messageId, Customer, $"D.+4822{i:0000000}"));
                            if (response.StatusCode == HttpStatusCode.OK) lock (acknowledged) acknowledged.Add(messageId);
                        }
                        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
                        {
                            return; // the process is gone
                        }
                    }
                })).ToArray();
                await WaitForAsync(() => { lock (acknowledged) return acknowledged.Count >= 350; });
                output.WriteLine($"{watch.Elapsed}: {acknowledged.Count} acknowledged, killing");
                server.Kill();
                await Task.WhenAll(burst);
            }
            Assert.True(acknowledged.Count >= 350, $"only {acknowledged.Count} SMS acknowledged before the kill");

            using var restarted = StartServer(dataDirectory);
            await restarted.WaitUntilLiveAsync();
            output.WriteLine($"{watch.Elapsed}: restarted");
            await restarted.WaitUntilQuietAsync(180_000);
            output.WriteLine($"{watch.Elapsed}: quiet"); // the 50 calls lost with the process are reconciled; every stored SMS is processed

            await MoneyInvariants.AssertHoldAsync(Path.Combine(dataDirectory, "app.db"), acknowledged);
            using var client = await restarted.ClientForAsync("admin", AdminPassword);
            var callbacks = await GetArrayAsync(client, "/api/admin/callbacks?take=500");
            Assert.All(callbacks, c => Assert.Equal(0m, c.GetProperty("reserved").GetDecimal()));
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public async Task A_VoipSwitch_callback_end_to_end_hands_off_and_releases_its_reservation()
    {
        using var voipSwitch = new TcpListener(IPAddress.Loopback, 0);
        voipSwitch.Start();
        var lines = new List<string>();
        using var stop = new CancellationTokenSource();
        var accepting = AcceptLinesAsync(voipSwitch, lines, stop.Token);
        using var app = new SmsCallbackApp(settings: new Dictionary<string, string?>
        {
            ["Switch:Provider"] = "VoipSwitch",
            ["Switch:VoipSwitch:Host"] = "127.0.0.1",
            ["Switch:VoipSwitch:Port"] = ((IPEndPoint)voipSwitch.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Switch:VoipSwitch:Login"] = "cbuser",
            ["Switch:VoipSwitch:Password"] = "s3cret",
        });
        var admin = await app.AdminClientAsync();
        var account = await TariffedAccountAsync(app, admin, balance: 10m);

        Assert.Equal(HttpStatusCode.OK, (await app.PostSmsAsync("voip-1", Customer, "D." + Destination)).StatusCode);

        var callback = (await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"),
            c => c.Length == 1 && c[0].GetProperty("state").GetString() == "Completed", "the callback handed off"))[0];
        await app.WaitUntilQuietAsync();
        Assert.Equal(0m, (await admin.GetFromJsonAsync<JsonElement>("/api/admin/callbacks")).EnumerateArray().Single().GetProperty("reserved").GetDecimal());
        var summary = await admin.GetFromJsonAsync<JsonElement>($"/api/admin/accounts/{account}");
        Assert.Equal((10m, 0m), (summary.GetProperty("balance").GetDecimal(), summary.GetProperty("reserved").GetDecimal())); // VoipSwitch bills the call itself
        lock (lines) Assert.Equal(["cbuser s3cret 48600316058 48774417880"], lines);
        Assert.Equal(Customer, callback.GetProperty("source").GetString());
        await MoneyInvariants.AssertHoldAsync(app.AppDatabasePath, ["voip-1"]);
        await stop.CancelAsync();
        voipSwitch.Stop();
        try { await accepting; } catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException) { }
    }

    private static async Task AcceptLinesAsync(TcpListener listener, List<string> lines, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            using var client = await listener.AcceptTcpClientAsync(ct);
            using var reader = new StreamReader(client.GetStream(), Encoding.ASCII);
            if (await reader.ReadLineAsync(ct) is { } line) lock (lines) lines.Add(line);
        }
    }

    private static SmsCallbackApp AsteriskApp(ScriptedAriServer ari, Dictionary<string, string?>? extra = null, bool keepData = false, string? dataDirectory = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Switch:Provider"] = "Asterisk",
            ["Switch:Asterisk:BaseUrl"] = ari.BaseUrl,
            ["Switch:Asterisk:Username"] = ScriptedAriServer.Username,
            ["Switch:Asterisk:Password"] = ScriptedAriServer.Password,
            ["Switch:Asterisk:ReconnectDelayMs"] = "50",
            ["Switch:Asterisk:MaxReconnectDelayMs"] = "200",
            ["Switch:LeaseDuration"] = "00:00:03", // a restarted service takes the switch over quickly
            ["Watchdog:Interval"] = "00:00:00.200",
            ["Watchdog:ReconcileGrace"] = "00:00:01",
        };
        foreach (var (key, value) in extra ?? []) settings[key] = value;
        return new SmsCallbackApp(dataDirectory, settings) { DeleteDataOnDispose = !keepData };
    }

    private static async Task<(HttpClient Admin, HttpClient Me)> CustomerOnAsteriskAsync(SmsCallbackApp app, ScriptedAriServer ari)
    {
        var admin = await app.AdminClientAsync();
        await DisableIvrAsync(admin);
        await TariffedAccountAsync(app, admin, balance: 20m);
        await ari.WaitForConnectionsAsync(1);
        return (admin, await app.ClientForAsync("money", "pass1234"));
    }

    private static async Task<Guid> ConnectedOnAsteriskAsync(ScriptedAriServer ari, HttpClient me)
    {
        var id = await WebCallbackAsync(me);
        var (a, b) = (AriChannelIds.For(id, LegKind.A), AriChannelIds.For(id, LegKind.B));
        await ari.AnswerAsync(a);
        await ari.WaitForRequestAsync("POST", "/ari/channels", r => r["channelId"] == b);
        await ari.AnswerAsync(b);
        await EventuallyAsync(() => me.GetFromJsonAsync<JsonElement>($"/api/callbacks/{id}"),
            c => c.GetProperty("state").GetString() == "Connected", "connected");
        return id;
    }

    private static async Task<Guid> WebCallbackAsync(HttpClient me)
    {
        var response = await me.PostAsJsonAsync("/api/callbacks", new { destination = Destination });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Login <c>money</c> on a tariff of 1.00 EUR a minute, per second, for Polish numbers, with <paramref name="balance"/> and
    /// no credit limit; returns its id.</summary>
    private static async Task<Guid> TariffedAccountAsync(SmsCallbackApp app, HttpClient admin, decimal balance)
    {
        var tariff = await admin.PostAsJsonAsync("/api/admin/tariffs", new
        {
            name = "Poland " + Guid.NewGuid().ToString("N")[..6], currency = "EUR",
            rates = new[] { new { prefix = "48", description = "Poland", pricePerMinute = 1.00m, connectionFee = 0m, minimumSeconds = 0, incrementSeconds = 1 } },
        });
        Assert.Equal(HttpStatusCode.Created, tariff.StatusCode);
        var tariffId = (await tariff.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var id = await app.CreateAccountAsync(admin, "money", "pass1234", Customer);
        (await admin.PutAsJsonAsync($"/api/admin/accounts/{id}", new { creditLimit = 0m, maxConcurrentCallbacks = 5 })).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.PutAsJsonAsync($"/api/admin/accounts/{id}/tariff", new { tariffId })).StatusCode);
        (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/topups", new { amount = balance, note = "test" })).EnsureSuccessStatusCode();
        return id;
    }

    [Fact]
    public async Task A_hang_up_queued_behind_a_backlog_of_switch_events_is_not_taken_for_a_lost_one_by_the_reconciliation()
    {
        var logs = new LogCollector();
        using var app = new SmsCallbackApp(settings: new Dictionary<string, string?>
        {
            ["Switch:Simulator:AutoAnswerAfterMs"] = "20",
            ["Switch:Simulator:HangupAfterMs"] = "1500",
            ["Watchdog:ReconcileGrace"] = "00:00:00", // any callback the switch no longer has is a suspect at once
            ["Watchdog:ReconcileInterval"] = "01:00:00", // the test runs the round itself
        })
        { ConfigureServices = services => services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs) };
        var admin = await app.AdminClientAsync();
        await DisableIvrAsync(admin);
        await TariffedAccountAsync(app, admin, balance: 10m);
        Assert.Equal(HttpStatusCode.OK, (await app.PostSmsAsync("backlog-1", Customer, "D." + Destination)).StatusCode);
        var connected = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"),
            c => c.Length == 1 && c[0].GetProperty("state").GetString() == "Connected", "the call connected");
        var id = connected[0].GetProperty("id").GetGuid();

        // The pump cannot apply events (SQLite's write lock is taken): the switch's hang-ups queue behind it, as behind a backlog.
        var gate = app.Services.GetRequiredService<SmsCallback.Infrastructure.Persistence.SqliteWriteGate>();
        var calls = app.Services.GetRequiredService<SmsCallback.Application.Callbacks.Watchdog.ISwitchCallList>();
        var watchdog = app.Services.GetRequiredService<SmsCallback.Infrastructure.Switching.Reconciliation.CallWatchdog>();
        gate.Enter();
        Task<bool> round;
        try
        {
            await EventuallyAsync(async () => (await calls.ListLiveCallsAsync(CancellationToken.None)).CallbackIds.Contains(id),
                up => !up, "the call ended on the switch");
            round = watchdog.ReconcileAsync(CancellationToken.None);
            // it waits for the pump (at most one watchdog interval) and leaves the callback alone; before, it ended the legs "now"
            // and its save queued for the lock behind the pump
            Assert.True(await Task.WhenAny(round, Task.Delay(5_000)) == round, "the round waited for SQLite's write lock");
            Assert.False(await round); // to be done again next round
        }
        finally
        {
            gate.Leave();
        }

        var settled = (await SettledCallbacksAsync(admin, 1))[0];
        Assert.Equal("Completed", settled.GetProperty("state").GetString());
        Assert.DoesNotContain(logs.Entries, e => e.Message.StartsWith("Switch discrepancy", StringComparison.Ordinal));
        Assert.True(await watchdog.ReconcileAsync(CancellationToken.None)); // caught up: nothing left to reconcile
        await app.WaitUntilQuietAsync();
        await MoneyInvariants.AssertHoldAsync(app.AppDatabasePath, ["backlog-1"]);
    }

    /// <summary>The customer of the kill test: credit for every callback of the load, any number at once.</summary>
    private static async Task ProcessAccountAsync(HttpClient admin)
    {
        var created = await admin.PostAsJsonAsync("/api/admin/accounts", new { login = "burst", password = "pass1234" });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        (await admin.PutAsJsonAsync($"/api/admin/accounts/{id}", new { creditLimit = 100_000m, maxConcurrentCallbacks = 0 })).EnsureSuccessStatusCode();
        (await admin.PostAsJsonAsync($"/api/admin/accounts/{id}/phones", new { number = Customer })).EnsureSuccessStatusCode();
    }

    private static ServiceProcess StartServer(string dataDirectory) => ServiceProcess.Start(new Dictionary<string, string>
    {
        ["Switch__Simulator__AutoAnswerAfterMs"] = "20",
        ["Switch__Simulator__HangupAfterMs"] = "20",
        ["Processing__OutboxSweepGrace"] = "00:00:02",
        ["Logging__LogLevel__Default"] = "Warning",
        ["AntiAbuse__MaxCallbacksPerSender"] = "100000",
        ["AntiAbuse__MaxCallbacksPerAccount"] = "100000",
        ["Watchdog__ReconcileInterval"] = "00:00:02",
        ["Watchdog__ReconcileGrace"] = "00:00:02",
    }, dataDirectory);

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/sms/inbound/generic") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("X-Signature", Sign(body));
        return client.SendAsync(request);
    }

    private static async Task WaitForAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition() && DateTime.UtcNow < deadline) await Task.Delay(5);
    }

    private static async Task<JsonElement[]> SettledCallbacksAsync(HttpClient admin, int count) =>
        await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks?take=500"), c => c.Length == count && c.All(Settled),
            $"{count} finished and settled callbacks", 60_000);

    private static bool Settled(JsonElement c) =>
        c.GetProperty("state").GetString() is "Completed" or "Failed" && c.GetProperty("reserved").GetDecimal() == 0
        && c.GetProperty("legs").EnumerateArray().All(l => l.GetProperty("state").GetString() == "Ended" && l.GetProperty("cost").ValueKind == JsonValueKind.Number);

    private static JsonElement Leg(JsonElement callback, string kind) =>
        callback.GetProperty("legs").EnumerateArray().Single(l => l.GetProperty("kind").GetString() == kind);
}
