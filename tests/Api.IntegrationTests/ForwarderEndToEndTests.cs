using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmsCallback.Api.IntegrationTests.Infrastructure;
using SmsCallback.Forwarder.Pdu;
using SmsCallback.Forwarder.Tests;
using static SmsCallback.Api.IntegrationTests.Infrastructure.SmsCallbackApp;

namespace SmsCallback.Api.IntegrationTests;

/// <summary>A scripted modem on a real pseudo-terminal → the forwarder program (src/Forwarder) → the platform on Kestrel at 127.0.0.1 →
/// a callback on the simulator → the reply → AT+CMGS back to the modem.</summary>
public sealed class ForwarderEndToEndTests : IDisposable
{
    private const string Customer = "48600316058";
    private static readonly DateTimeOffset Time = new(2026, 11, 26, 10, 15, 32, TimeSpan.FromHours(1));
    private readonly PtyPair _pty = new();
    private readonly ScriptedModem _modem;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "smscallback-tests", Guid.NewGuid().ToString("N"));
    private readonly int _port = ServiceProcess.FreePort();
    private SmsCallbackApp? _platform;
    private IHost? _forwarder;

    public ForwarderEndToEndTests()
    {
        _modem = new ScriptedModem(_pty.ModemPath);
        Directory.CreateDirectory(_directory);
    }

    public void Dispose()
    {
        StopForwarder();
        _platform?.Dispose();
        _pty.Dispose();
        _modem.Dispose();
        try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }

    private SmsCallbackApp StartPlatform()
    {
        var app = new SmsCallbackApp(Path.Combine(_directory, "platform")) { DeleteDataOnDispose = false };
        app.UseKestrel(_port);
        app.StartServer();
        return _platform = app;
    }

    private void StopPlatform()
    {
        _platform?.Dispose();
        _platform = null;
    }

    /// <summary>SMS in the forwarder's queue that the platform has not acknowledged yet.</summary>
    private int Unforwarded() => _forwarder!.Services.GetRequiredService<SmsCallback.Forwarder.ForwarderQueue>().CountUnforwarded();

    private void StartForwarder(Guid id, string key)
    {
        _forwarder = SmsCallback.Forwarder.ForwarderHost.Build([
            "--Forwarder:SerialPort", _pty.HostPath,
            "--Forwarder:PlatformUrl", $"http://127.0.0.1:{_port}",
            "--Forwarder:Id", id.ToString(),
            "--Forwarder:Key", key,
            "--Forwarder:QueuePath", Path.Combine(_directory, "forwarder", "queue.db"),
            "--Forwarder:CommandTimeout", "00:00:03",
            "--Forwarder:SweepInterval", "00:00:01",
            "--Forwarder:OutboundPollInterval", "00:00:00.300",
            "--Forwarder:ForwardInterval", "00:00:00.200",
            "--Forwarder:MinBackoff", "00:00:00.200",
            "--Forwarder:MaxBackoff", "00:00:01",
            "--Logging:LogLevel:Default", "Warning",
        ]);
        _forwarder.Start();
    }

    private void StopForwarder()
    {
        if (_forwarder is null) return;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        _forwarder.StopAsync(timeout.Token).GetAwaiter().GetResult();
        _forwarder.Dispose();
        _forwarder = null;
    }

    private async Task<(HttpClient Admin, Guid Id, string Key)> GivenPlatformAsync()
    {
        var platform = StartPlatform();
        var admin = await platform.AdminClientAsync();
        await platform.CreateAccountAsync(admin, "callback", "pass1234", Customer);
        var response = await admin.PostAsJsonAsync("/api/admin/forwarders", new { name = "Office modem", accessNumber = "48500100200" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (admin, body.GetProperty("id").GetGuid(), body.GetProperty("key").GetString()!);
    }

    private List<(string To, string Text)> Replies() =>
        [.. _modem.Submitted.Select(SmsPdu.DecodeSubmit).GroupBy(p => p.Destination).SelectMany(g => g.Select(p => (g.Key, p.Text)))];

    [Fact]
    public async Task An_sms_on_the_modem_becomes_a_callback_and_its_reply_leaves_through_the_same_modem()
    {
        var (admin, id, key) = await GivenPlatformAsync();
        StartForwarder(id, key);

        _modem.Receive(DeliverPduBuilder.Build("+" + Customer, "D.48774417880", Time));

        var callbacks = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/callbacks"), c => c.Length == 1, "the callback", 30_000);
        Assert.Equal("+48774417880", callbacks[0].GetProperty("destination").GetString());
        await EventuallyAsync(() => Task.FromResult(Replies()), r => r.Count == 1, "AT+CMGS of the reply", 30_000);
        Assert.Equal(("+48600316058", "Calling +48600316058, then +48774417880."), Replies()[0]);
        var outbox = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"),
            o => o.Length == 1 && o[0].GetProperty("status").GetString() == "Sent", "the reply reported sent", 30_000);
        Assert.Equal("+48500100200", outbox[0].GetProperty("from").GetString());
        Assert.Empty(_modem.StoredIndexes); // deleted from the SIM once queued
        var forwarder = Assert.Single(await GetArrayAsync(admin, "/api/admin/forwarders"));
        Assert.Equal(21, forwarder.GetProperty("signalQuality").GetInt32());
    }

    [Fact]
    public async Task The_modems_status_report_for_the_reply_reaches_the_platform_and_marks_it_delivered()
    {
        var (admin, id, key) = await GivenPlatformAsync();
        StartForwarder(id, key);
        _modem.Receive(DeliverPduBuilder.Build("+" + Customer, "HELP", Time));
        var outbox = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"),
            o => o.Length == 1 && o[0].GetProperty("status").GetString() == "Sent", "the reply reported sent", 30_000);
        Assert.Equal(0x31, Convert.ToByte(_modem.Submitted.First()[2..4], 16)); // TP-SRR: a status report was asked for
        Assert.Contains("AT+CNMI=2,1,0,2,0", _modem.Commands);
        var reference = int.Parse(outbox[0].GetProperty("externalId").GetString()!.Split(',')[0], System.Globalization.CultureInfo.InvariantCulture);

        // The network's SMS-STATUS-REPORT, stored by the modem (TP-MR of the reply, the customer, TP-ST 0x00 "received by the SME").
        _modem.Receive($"0006{reference:X2}0B918406306150F8" + "62212041030040" + "62212041035040" + "00");

        var sms = (await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/outbox"),
            o => o[0].GetProperty("state").GetString() == "Delivered", "the reply reported delivered", 30_000))[0];
        Assert.Equal(("0x00", "Sent"), (sms.GetProperty("carrierStatus").GetString(), sms.GetProperty("status").GetString()));
        await EventuallyAsync(() => Task.FromResult(_modem.StoredIndexes.Count), c => c == 0, "the report deleted from the modem", 30_000);
    }

    [Fact]
    public async Task With_the_platform_down_and_the_forwarder_restarted_each_sms_is_still_delivered_exactly_once()
    {
        var (_, id, key) = await GivenPlatformAsync();
        StartForwarder(id, key);
        StopPlatform();

        _modem.Receive(DeliverPduBuilder.Build("+" + Customer, "D.48774417880", Time));
        _modem.Receive(DeliverPduBuilder.Build("+" + Customer, "7881", Time, (0x2A, 2, 2, false))); // a long SMS, its second part first
        _modem.Receive(DeliverPduBuilder.Build("+" + Customer, "D.4877441", Time, (0x2A, 2, 1, false)));
        await EventuallyAsync(() => Task.FromResult(_modem.StoredIndexes.Count), n => n == 0, "the SIM emptied into the queue", 30_000);

        StopForwarder(); // killed while the platform is still away
        _modem.Receive(DeliverPduBuilder.Build("+" + Customer, "D.48774417882", Time), notify: false); // a missed +CMTI
        StartForwarder(id, key);
        await EventuallyAsync(() => Task.FromResult(_modem.StoredIndexes.Count), n => n == 0, "the sweep catching the missed SMS", 30_000);
        await EventuallyAsync(() => Task.FromResult(Unforwarded()), n => n == 3, "three SMS queued, none taken by the stopped platform", 30_000);

        StartPlatform();
        var admin = await _platform!.AdminClientAsync();
        var inbox = await EventuallyAsync(() => GetArrayAsync(admin, "/api/admin/sms/inbox"), i => i.Length >= 3, "three SMS on the platform", 30_000);
        await EventuallyAsync(() => Task.FromResult(Replies()), r => r.Count >= 3, "three replies sent", 30_000);
        // Nothing is left for the forwarder to send again, and the platform has done all it will: a duplicate would be here by now.
        await EventuallyAsync(() => Task.FromResult(Unforwarded()), n => n == 0, "every SMS acknowledged by the platform", 30_000);
        await _platform!.WaitUntilQuietAsync();

        inbox = await GetArrayAsync(admin, "/api/admin/sms/inbox");
        Assert.Equal(3, inbox.Length);
        Assert.All(inbox, i => Assert.Equal("forwarder", i.GetProperty("channel").GetString()));
        Assert.Equal(["D.48774417880", "D.48774417881", "D.48774417882"], inbox.Select(i => i.GetProperty("text").GetString()!).Order());
        var callbacks = await GetArrayAsync(admin, "/api/admin/callbacks");
        Assert.Equal(["+48774417880", "+48774417881", "+48774417882"], callbacks.Select(c => c.GetProperty("destination").GetString()!).Order());
        Assert.Equal(3, Replies().Count);
    }

}
