using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SmsCallback.Forwarder.Protocol;

namespace SmsCallback.Forwarder.Tests;

/// <summary>The forwarder role against a scripted modem on a pty and a recording stand-in for the platform.</summary>
public sealed class ForwarderServiceTests : IDisposable
{
    private static readonly DateTimeOffset Time = new(2026, 11, 26, 10, 15, 32, TimeSpan.FromHours(1));
    private readonly PtyPair _pty = new();
    private readonly string _queue;
    private readonly RecordingPlatform _platform = new();
    private ScriptedModem _modem;

    public ForwarderServiceTests()
    {
        _modem = new ScriptedModem(_pty.ModemPath);
        _queue = Path.Combine(_pty.Directory, "queue", "queue.db");
    }

    public void Dispose()
    {
        _pty.Dispose();
        _modem.Dispose();
    }

    private IHost StartForwarder(string sweepInterval = "00:00:01")
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Forwarder:SerialPort"] = _pty.HostLink, // the stable name, as /dev/serial/by-id/… would be
            ["Forwarder:PlatformUrl"] = "http://127.0.0.1:9",
            ["Forwarder:Id"] = Guid.NewGuid().ToString(),
            ["Forwarder:Key"] = "test-key",
            ["Forwarder:QueuePath"] = _queue,
            ["Forwarder:CommandTimeout"] = "00:00:02",
            ["Forwarder:SweepInterval"] = sweepInterval,
            ["Forwarder:ForwardInterval"] = "00:00:00.100",
            ["Forwarder:OutboundPollInterval"] = "00:00:00.200",
            ["Forwarder:MinBackoff"] = "00:00:00.200",
            ["Forwarder:MaxBackoff"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Services.AddForwarder(builder.Configuration, () => _platform);
        var host = builder.Build();
        host.Start();
        return host;
    }

    [Fact]
    public async Task Reconnects_to_a_modem_that_vanished_and_came_back_and_forwards_with_signed_requests()
    {
        using var host = StartForwarder();
        _modem.Receive(DeliverPduBuilder.Build("+48600316058", "before", Time));
        await Eventually(() => _platform.Texts.Contains("before"));

        _pty.Stop(); // unplugged
        _modem.Dispose();
        await Task.Delay(1500);
        _pty.Start(); // plugged in again: a fresh modem with echo on and default settings
        _modem = new ScriptedModem(_pty.ModemPath);
        _modem.Receive(DeliverPduBuilder.Build("+48600316058", "after", Time), notify: false);

        await Eventually(() => _platform.Texts.Contains("after"), 45_000); // the vanished port is closed, then reopened with backoff; a loaded machine makes that slow
        Assert.False(_modem.Echo); // re-initialised: ATE0 again
        Assert.Contains("AT+CNMI=2,1,0,2,0", _modem.Commands);
        Assert.Equal(1, _platform.Texts.Count(t => t == "before"));
        Assert.All(_platform.Signatures, s => Assert.StartsWith("sha256=", s));
        await host.StopAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_memory_full_notice_empties_the_sim_at_once_without_waiting_for_the_sweep()
    {
        using var host = StartForwarder(sweepInterval: "00:10:00");
        await Eventually(() => _modem.Commands.Contains("AT+CMGL=4")); // the start-up sweep
        await Task.Delay(300);
        _modem.Receive(DeliverPduBuilder.Build("+48600316058", "stored silently", Time), notify: false);
        var polls = _platform.Polls;
        await Eventually(() => _platform.Polls >= polls + 3); // the forwarder is running (it asked the platform for replies three more times)
        Assert.DoesNotContain("stored silently", _platform.Texts); // and yet: no +CMTI, next sweep in 10 minutes

        _modem.WriteLine("^SMMEMFULL: \"SM\"");

        await Eventually(() => _platform.Texts.Contains("stored silently"));
        Assert.Empty(_modem.StoredIndexes);
        await host.StopAsync(TimeSpan.FromSeconds(10));
    }

    private static async Task Eventually(Func<bool> condition, int timeoutMs = 15_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("Timed out.");
            await Task.Delay(50);
        }
    }

    private sealed class RecordingPlatform : HttpMessageHandler
    {
        public ConcurrentBag<string> Texts { get; } = [];
        public ConcurrentBag<string> Signatures { get; } = [];

        private int _polls;

        /// <summary>How often the forwarder asked for replies to send.</summary>
        public int Polls => Volatile.Read(ref _polls);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            Signatures.Add(request.Headers.GetValues(ForwarderSignature.SignatureHeader).Single());
            if (request.Method == HttpMethod.Get)
            {
                Interlocked.Increment(ref _polls);
                return Json("[]");
            }
            if (request.RequestUri!.AbsolutePath.EndsWith("/messages", StringComparison.Ordinal))
            {
                using var body = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(ct));
                foreach (var m in body.RootElement.GetProperty("messages").EnumerateArray()) Texts.Add(m.GetProperty("text").GetString()!);
            }
            return Json("""{"accepted":[]}""");
        }

        private static HttpResponseMessage Json(string json) =>
            new(HttpStatusCode.OK) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
    }
}
