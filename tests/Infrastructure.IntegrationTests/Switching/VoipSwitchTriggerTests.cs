using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Infrastructure.Switching.VoipSwitch;

namespace SmsCallback.Infrastructure.IntegrationTests.Switching;

/// <summary>The VoipSwitch trigger against a TCP listener on 127.0.0.1 that plays the switch's callback port.</summary>
public sealed class VoipSwitchTriggerTests
{
    private static readonly OriginateCallback Request = new(Guid.NewGuid(), "+48600316058", "+48774417880", null, null);

    private static VoipSwitchTrigger Trigger(int port, Action<VoipSwitchOptions>? change = null)
    {
        var options = new VoipSwitchOptions
        {
            Host = "127.0.0.1", Port = port, Login = "cbuser", Password = "s3cret", Attempts = 3, RetryDelayMs = 50, ConnectTimeoutMs = 1000,
        };
        change?.Invoke(options);
        return new VoipSwitchTrigger(Options.Create(options), TimeProvider.System, NullLogger<VoipSwitchTrigger>.Instance);
    }

    [Fact]
    public async Task It_sends_exactly_one_ascii_line_and_closes()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var received = ReadAllAsync(listener);

        await Trigger(Port(listener)).OriginateAsync(Request, CancellationToken.None);

        Assert.Equal("cbuser s3cret 48600316058 48774417880\r\n"u8.ToArray(), await received.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task The_trigger_line_has_no_field_for_a_caller_id_so_the_callbacks_caller_ids_are_not_sent()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var received = ReadAllAsync(listener);

        await Trigger(Port(listener)).OriginateAsync(Request with { CallerId = "+48500100200", DestinationCallerId = "+48221112233" }, CancellationToken.None);

        var line = Encoding.ASCII.GetString(await received.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("cbuser s3cret 48600316058 48774417880\r\n", line); // the same line as without caller IDs (docs/switches.md, Caller ID)
        Assert.DoesNotContain("48500100200", line);
        Assert.DoesNotContain("48221112233", line);
    }

    [Fact]
    public async Task The_line_format_and_terminator_are_settings()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var received = ReadAllAsync(listener);

        await Trigger(Port(listener), o => { o.LineFormat = "CB;{login};{password};{source};{destination}"; o.Terminator = "\\n"; })
            .OriginateAsync(Request, CancellationToken.None);

        Assert.Equal("CB;cbuser;s3cret;48600316058;48774417880\n", Encoding.ASCII.GetString(await received.WaitAsync(TimeSpan.FromSeconds(5))));
    }

    [Fact]
    public async Task A_delivered_trigger_is_reported_as_handed_off_because_nothing_more_can_be_observed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        _ = ReadAllAsync(listener);
        var trigger = Trigger(Port(listener));

        await trigger.OriginateAsync(Request, CancellationToken.None);

        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var events = new List<SwitchEvent>();
        await foreach (var e in trigger.ReadEventsAsync(cts.Token))
        {
            events.Add(e);
            if (events.Count == 2) break;
        }
        Assert.Equal([SwitchEventType.Dialing, SwitchEventType.HandedOff], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(Request.CallbackId, e.CallbackId));
        Assert.False(trigger.Capabilities.ReportsCallProgress);
        await Assert.ThrowsAsync<SwitchUnavailableException>(() => trigger.BridgeNewLegAsync(Request.CallbackId, "+48774417881", null, default));
    }

    [Fact]
    public async Task A_refused_connection_fails_with_a_switch_error_after_the_configured_attempts()
    {
        var port = FreePort(); // nothing listens there
        var started = DateTime.UtcNow;

        var error = await Assert.ThrowsAsync<SwitchUnavailableException>(() => Trigger(port).OriginateAsync(Request, CancellationToken.None));

        Assert.Contains("after 3 attempts", error.Message);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_switch_that_comes_back_between_attempts_gets_the_line_once()
    {
        var port = FreePort();
        var trigger = Trigger(port, o => { o.Attempts = 5; o.RetryDelayMs = 200; });
        var originate = trigger.OriginateAsync(Request, CancellationToken.None);
        await Task.Delay(250);
        using var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var received = ReadAllAsync(listener);

        await originate.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("cbuser s3cret 48600316058 48774417880\r\n", Encoding.ASCII.GetString(await received.WaitAsync(TimeSpan.FromSeconds(5))));
    }

    [Fact]
    public async Task A_silent_switch_that_never_reads_does_not_hang_the_request()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        using var cts = new CancellationTokenSource();
        var accepted = listener.AcceptTcpClientAsync(cts.Token).AsTask(); // accepts, then neither reads nor answers

        await Trigger(Port(listener)).OriginateAsync(Request, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));

        using var client = await accepted.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.True(client.Connected);
    }

    private static int Port(TcpListener listener) => ((IPEndPoint)listener.LocalEndpoint).Port;

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return Port(l);
    }

    private static async Task<byte[]> ReadAllAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync();
        using var stream = client.GetStream();
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer).WaitAsync(TimeSpan.FromSeconds(5));
        return buffer.ToArray();
    }
}
