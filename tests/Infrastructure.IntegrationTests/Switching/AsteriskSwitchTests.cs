using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Infrastructure.Switching.Asterisk;

namespace SmsCallback.Infrastructure.IntegrationTests.Switching;

/// <summary>The Asterisk ARI adapter against a scripted ARI server (Kestrel on 127.0.0.1 with the REST routes and the event WebSocket):
/// the events read from <see cref="ISwitch.ReadEventsAsync"/> and the REST requests the server recorded.</summary>
public sealed class AsteriskSwitchTests
{
    private const string Source = "+48600316058";
    private const string Destination = "+48221234567";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Answered_callback_rings_A_then_B_and_bridges_both_in_a_mixing_bridge_with_dtmf_events()
    {
        await using var h = await Harness.StartAsync();
        var id = Guid.NewGuid();
        var (a, b) = (AriChannelIds.For(id, LegKind.A), AriChannelIds.For(id, LegKind.B));

        await h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, "+48225550000", null) { DestinationCallerId = Source }, default);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing, number: Source, switchCallId: a);
        await h.ConnectAsync(id);

        var requests = h.Server.Requests;
        var originateA = Assert.Single(requests, r => r is { Method: "POST", Path: "/ari/channels" } && r["channelId"] == a);
        Assert.Equal("PJSIP/48600316058@trunk", originateA["endpoint"]);
        Assert.Equal("smscallback", originateA["app"]);
        Assert.Equal("30", originateA["timeout"]);
        Assert.Equal("+48225550000", originateA["callerId"]);
        Assert.Equal($"{Source},{Destination},,+48225550000,{Source}", originateA["appArgs"]); // both caller IDs travel with leg A
        Assert.StartsWith("Basic ", originateA.Authorization);

        var bridge = Assert.Single(requests, r => r is { Method: "POST", Path: "/ari/bridges" });
        Assert.Equal("mixing,dtmf_events", bridge["type"]);
        var bridgeId = bridge["bridgeId"];
        var originateB = Assert.Single(requests, r => r is { Method: "POST", Path: "/ari/channels" } && r["channelId"] == b);
        Assert.Equal("PJSIP/48221234567@trunk", originateB["endpoint"]);
        Assert.Equal(Source, originateB["callerId"]); // leg B shows its own caller ID, not leg A's
        Assert.Equal(
            ["POST /ari/channels " + a, "POST /ari/bridges ", $"POST /ari/bridges/{bridgeId}/addChannel {a}", "POST /ari/channels " + b,
                $"POST /ari/bridges/{bridgeId}/addChannel {b}"],
            requests.Select(r => $"{r.Method} {r.Path} {r["channelId"] ?? r["channel"]}"));
        Assert.DoesNotContain(requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task Busy_destination_ends_leg_B_with_cause_17_and_leaves_A_up_until_the_application_hangs_up()
    {
        await using var h = await Harness.StartAsync();
        var id = Guid.NewGuid();
        var (a, b) = (AriChannelIds.For(id, LegKind.A), AriChannelIds.For(id, LegKind.B));
        await h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, null), default);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing);
        await h.AnswerAsync(id, LegKind.A);
        await h.ExpectAsync(id, LegKind.B, SwitchEventType.Dialing, number: Destination);

        await h.Server.SendAsync(ScriptedAriServer.ChannelStateChange(b, "Ringing"));
        await h.ExpectAsync(id, LegKind.B, SwitchEventType.Ringing);
        await h.Server.SendAsync(ScriptedAriServer.ChannelDestroyed(b, 17));
        var busy = await h.ExpectAsync(id, LegKind.B, SwitchEventType.HungUp);
        Assert.Equal(17, busy.Cause);
        Assert.DoesNotContain(h.Server.Requests, r => r.Method == "DELETE");

        await h.Switch.HangupAsync(id, default); // what the application does with a failed callback
        var end = await h.ExpectAsync(id, LegKind.A, SwitchEventType.HungUp);
        Assert.Equal(16, end.Cause);
        Assert.Equal("normal", (await h.Server.WaitForRequestAsync("DELETE", "/ari/channels/" + a))["reason"]);
    }

    [Theory]
    [InlineData("BUSY", 0, 17)] // a Local channel whose far end ran Busy(): Asterisk 22 destroys ours with cause 0
    [InlineData("BUSY", 16, 17)]
    [InlineData("NOANSWER", 0, 19)]
    [InlineData("CONGESTION", 16, 34)]
    [InlineData("BUSY", 21, 21)] // a specific cause on the channel itself (PJSIP 603) is kept
    [InlineData("RINGING", 0, 16)]
    public async Task A_leg_that_never_answered_takes_its_cause_from_the_dial_status_when_the_channel_has_none(string dialstatus,
        int channelCause, int reported)
    {
        await using var h = await Harness.StartAsync();
        var id = Guid.NewGuid();
        var b = AriChannelIds.For(id, LegKind.B);
        await h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, null), default);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing);
        await h.AnswerAsync(id, LegKind.A);
        await h.ExpectAsync(id, LegKind.B, SwitchEventType.Dialing, number: Destination);

        await h.Server.SendAsync(ScriptedAriServer.Dial(b, "RINGING"));
        await h.Server.SendAsync(ScriptedAriServer.Dial(b, dialstatus));
        await h.Server.SendAsync(ScriptedAriServer.ChannelDestroyed(b, channelCause));

        Assert.Equal(reported, (await h.ExpectAsync(id, LegKind.B, SwitchEventType.HungUp)).Cause);
    }

    [Fact]
    public async Task An_answered_leg_keeps_normal_clearing_whatever_its_last_dial_status()
    {
        await using var h = await Harness.StartAsync();
        var id = Guid.NewGuid();
        var b = AriChannelIds.For(id, LegKind.B);
        await h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, null), default);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing);
        await h.AnswerAsync(id, LegKind.A);
        await h.ExpectAsync(id, LegKind.B, SwitchEventType.Dialing, number: Destination);
        await h.Server.SendAsync(ScriptedAriServer.Dial(b, "ANSWER"));
        await h.AnswerAsync(id, LegKind.B);

        await h.Server.SendAsync(ScriptedAriServer.ChannelDestroyed(b, 0));

        Assert.Equal(16, (await h.ExpectAsync(id, LegKind.B, SwitchEventType.HungUp)).Cause);
    }

    [Fact]
    public async Task Source_not_answering_ends_leg_A_with_cause_19_and_B_is_never_dialled()
    {
        await using var h = await Harness.StartAsync();
        var id = Guid.NewGuid();
        var a = AriChannelIds.For(id, LegKind.A);
        await h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, null), default);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing);
        await h.Server.SendAsync(ScriptedAriServer.ChannelStateChange(a, "Ringing"));
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Ringing);

        await h.Server.SendAsync(ScriptedAriServer.ChannelDestroyed(a, 19));
        var hungUp = await h.ExpectAsync(id, LegKind.A, SwitchEventType.HungUp);
        Assert.Equal(19, hungUp.Cause);

        Assert.Equal(["POST /ari/channels"], h.Server.Requests.Select(r => $"{r.Method} {r.Path}"));
    }

    [Fact]
    public async Task Source_hanging_up_first_takes_leg_B_down_and_destroys_the_bridge()
    {
        await using var h = await Harness.StartAsync();
        var id = Guid.NewGuid();
        var (a, b) = (AriChannelIds.For(id, LegKind.A), AriChannelIds.For(id, LegKind.B));
        await h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, null), default);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing);
        await h.ConnectAsync(id);

        await h.Server.SendAsync(ScriptedAriServer.ChannelDestroyed(a, 16));
        Assert.Equal(16, (await h.ExpectAsync(id, LegKind.A, SwitchEventType.HungUp)).Cause);
        Assert.Equal(16, (await h.ExpectAsync(id, LegKind.B, SwitchEventType.HungUp)).Cause);

        await h.Server.WaitForRequestAsync("DELETE", "/ari/channels/" + b);
        await h.Server.WaitForRequestAsync("DELETE", "/ari/bridges/" + AriChannelIds.BridgeFor(id));
        Assert.DoesNotContain(h.Server.Requests, r => r is { Method: "DELETE", Path: var p } && p == "/ari/channels/" + a);
    }

    [Fact]
    public async Task Destination_hanging_up_first_leaves_A_up_for_a_prompt()
    {
        await using var h = await Harness.StartAsync();
        var id = Guid.NewGuid();
        var (a, b) = (AriChannelIds.For(id, LegKind.A), AriChannelIds.For(id, LegKind.B));
        await h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, null), default);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing);
        await h.ConnectAsync(id);

        await h.Server.SendAsync(ScriptedAriServer.ChannelDestroyed(b, 16));
        Assert.Equal(16, (await h.ExpectAsync(id, LegKind.B, SwitchEventType.HungUp)).Cause);

        await h.Switch.PlayAsync(id, "vm-goodbye", "pl", default);
        var play = await h.Server.WaitForRequestAsync("POST", $"/ari/channels/{a}/play");
        Assert.Equal("sound:vm-goodbye", play["media"]);
        Assert.Equal("pl", play["lang"]); // Asterisk then looks in <sounds>/pl/ first
        await h.Server.SendAsync(ScriptedAriServer.PlaybackFinished(play["playbackId"]!, a, "sound:vm-goodbye"));
        var finished = await h.ExpectAsync(id, LegKind.A, SwitchEventType.PlaybackFinished);
        Assert.Equal("vm-goodbye", finished.Digits);
        Assert.DoesNotContain(h.Server.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task A_new_B_leg_joins_the_existing_bridge_and_hanging_it_up_keeps_A()
    {
        await using var h = await Harness.StartAsync();
        var id = Guid.NewGuid();
        var (b1, b2) = (AriChannelIds.For(id, LegKind.B, 1), AriChannelIds.For(id, LegKind.B, 2));
        await h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, null), default);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing);
        await h.ConnectAsync(id);
        await h.Server.SendAsync(ScriptedAriServer.ChannelDestroyed(b1, 16));
        await h.ExpectAsync(id, LegKind.B, SwitchEventType.HungUp);

        await h.Switch.BridgeNewLegAsync(id, "+48229999999", null, default);
        await h.ExpectAsync(id, LegKind.B, SwitchEventType.Dialing, number: "+48229999999", switchCallId: b2);
        Assert.Equal("PJSIP/48229999999@trunk", (await h.Server.WaitForRequestAsync("POST", "/ari/channels", r => r["channelId"] == b2))["endpoint"]);
        await h.Server.SendAsync(ScriptedAriServer.StasisStart(b2, ["+48229999999", "", "", ""]));
        await h.ExpectAsync(id, LegKind.B, SwitchEventType.Answered, switchCallId: b2);
        await h.Server.WaitForRequestAsync("POST", $"/ari/bridges/{AriChannelIds.BridgeFor(id)}/addChannel", r => r["channel"] == b2);
        Assert.Single(h.Server.Requests, r => r is { Method: "POST", Path: "/ari/bridges" });

        await h.Switch.HangupLegAsync(id, LegKind.B, default);
        Assert.Equal(b2, (await h.ExpectAsync(id, LegKind.B, SwitchEventType.HungUp)).SwitchCallId);
        Assert.Equal(["/ari/channels/" + b2], h.Server.Requests.Where(r => r.Method == "DELETE").Select(r => r.Path));
    }

    [Fact]
    public async Task Maximum_call_time_is_counted_from_B_answering_and_hangs_up_both_legs()
    {
        await using var h = await Harness.StartAsync();
        var id = Guid.NewGuid();
        var (a, b) = (AriChannelIds.For(id, LegKind.A), AriChannelIds.For(id, LegKind.B));
        await h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, TimeSpan.FromMilliseconds(400)), default);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing);
        var answeredAt = (await h.ConnectAsync(id)).At;

        var hungUp = new[] { await h.NextAsync(), await h.NextAsync() };
        Assert.Equal([(LegKind.B, SwitchEventType.HungUp, 16), (LegKind.A, SwitchEventType.HungUp, 16)],
            hungUp.Select(e => (e.Leg, e.Type, e.Cause ?? 0)));
        Assert.All(hungUp, e => Assert.Equal(id, e.CallbackId));
        Assert.True(hungUp[0].At - answeredAt >= TimeSpan.FromMilliseconds(390), $"cut after {hungUp[0].At - answeredAt}");

        var deletes = h.Server.Requests.Where(r => r.Method == "DELETE" && r.Path.StartsWith("/ari/channels/", StringComparison.Ordinal)).ToList();
        Assert.Equal(["/ari/channels/" + b, "/ari/channels/" + a], deletes.Select(r => r.Path));
        Assert.All(deletes, r => Assert.Equal("normal", r["reason"]));
    }

    [Fact]
    public async Task Keys_pressed_on_leg_A_arrive_as_dtmf_events()
    {
        await using var h = await Harness.StartAsync();
        var id = Guid.NewGuid();
        var a = AriChannelIds.For(id, LegKind.A);
        await h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, null), default);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing);
        await h.ConnectAsync(id);

        foreach (var digit in "5#") await h.Server.SendAsync(ScriptedAriServer.ChannelDtmfReceived(a, digit));
        Assert.Equal("5", (await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dtmf)).Digits);
        Assert.Equal("#", (await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dtmf)).Digits);
    }

    [Fact]
    public async Task A_call_to_an_access_number_is_reported_unanswered_and_can_be_rejected()
    {
        await using var h = await Harness.StartAsync();
        await h.Server.WaitForConnectionsAsync(1);
        const string channelId = "1764170000.42";

        await h.Server.SendAsync(ScriptedAriServer.StasisStart(channelId, [], callerNumber: Source, exten: "48221234567", state: "Ring"));
        var incoming = await h.NextAsync();
        Assert.Equal(SwitchEventType.IncomingCall, incoming.Type);
        Assert.Equal(Guid.Empty, incoming.CallbackId);
        Assert.Equal(Source, incoming.Number);
        Assert.Equal("48221234567", incoming.CalledNumber);
        Assert.Equal(channelId, incoming.SwitchCallId);

        await h.Switch.RejectIncomingAsync(channelId, default);
        var rejected = await h.NextAsync();
        Assert.Equal((SwitchEventType.HungUp, 21), (rejected.Type, rejected.Cause ?? 0));
        var requests = h.Server.Requests;
        Assert.Equal("rejected", Assert.Single(requests)["reason"]);
        Assert.DoesNotContain(requests, r => r.Path.EndsWith("/answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_the_WebSocket_drops_the_adapter_reconnects_and_later_events_map_to_their_callback()
    {
        await using var h = await Harness.StartAsync();
        var id = Guid.NewGuid();
        var (a, b) = (AriChannelIds.For(id, LegKind.A), AriChannelIds.For(id, LegKind.B));
        await h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, null), default);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing);
        await h.Server.SendAsync(ScriptedAriServer.ChannelStateChange(a, "Ringing"));
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Ringing);

        await h.Server.DropAsync();
        await h.WithLogAsync(() => h.Server.WaitForConnectionsAsync(2));
        Assert.Contains(h.Log, line => line.Contains("dropped", StringComparison.Ordinal));

        await h.AnswerAsync(id, LegKind.A);
        await h.ExpectAsync(id, LegKind.B, SwitchEventType.Dialing, number: Destination, switchCallId: b);
        await h.AnswerAsync(id, LegKind.B);
        await h.Server.WaitForRequestAsync("POST", $"/ari/bridges/{AriChannelIds.BridgeFor(id)}/addChannel", r => r["channel"] == b);
        await h.Server.SendAsync(ScriptedAriServer.ChannelDestroyed(b, 16));
        Assert.Equal(id, (await h.ExpectAsync(id, LegKind.B, SwitchEventType.HungUp)).CallbackId);
    }

    [Fact]
    public async Task A_leg_that_ended_while_the_WebSocket_was_down_is_reported_after_the_reconnect()
    {
        await using var h = await Harness.StartAsync();
        var id = Guid.NewGuid();
        var (a, b) = (AriChannelIds.For(id, LegKind.A), AriChannelIds.For(id, LegKind.B));
        await h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, null), default);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing);
        await h.ConnectAsync(id);

        await h.Server.DropAsync();
        h.Server.EndWhileAway(b);
        await h.WithLogAsync(() => h.Server.WaitForConnectionsAsync(2));

        var ended = await h.ExpectAsync(id, LegKind.B, SwitchEventType.HungUp, switchCallId: b);
        Assert.Equal(16, ended.Cause); // the real cause went with the lost event
        await h.Server.WaitForRequestAsync("GET", "/ari/channels");
        await h.Server.SendAsync(ScriptedAriServer.ChannelDtmfReceived(a, '1'));
        Assert.Equal("1", (await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dtmf)).Digits); // A is still up and tracked
        Assert.DoesNotContain(h.Server.Requests, r => r.Method == "DELETE");
    }

    [Fact]
    public async Task An_instance_that_did_not_originate_the_callback_carries_it_on_from_the_channel_id_and_app_args()
    {
        await using var server = await ScriptedAriServer.StartAsync();
        var id = Guid.NewGuid();
        var (a, b) = (AriChannelIds.For(id, LegKind.A), AriChannelIds.For(id, LegKind.B));
        await using (var originator = await Harness.StartAsync(server, readEvents: false))
            await originator.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, null), default);

        await using var h = await Harness.StartAsync(server);
        await server.WaitForConnectionsAsync(1);
        await server.SendAsync(ScriptedAriServer.ChannelStateChange(a, "Ringing")); // first seen without its appArgs
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Ringing);
        await server.SendAsync(ScriptedAriServer.StasisStart(a, [Source, Destination, "", ""]));
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Answered, number: Source);
        await h.ExpectAsync(id, LegKind.B, SwitchEventType.Dialing, number: Destination, switchCallId: b);
    }

    [Fact]
    public async Task An_origination_Asterisk_refuses_throws_SwitchUnavailableException_and_reports_nothing()
    {
        await using var h = await Harness.StartAsync();
        h.Server.RefusedEndpoints["PJSIP/48600316058@trunk"] = true;
        var id = Guid.NewGuid();

        await Assert.ThrowsAsync<SwitchUnavailableException>(() =>
            h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, null), default));

        await h.Switch.OriginateAsync(new OriginateCallback(Guid.NewGuid(), "+48600000001", Destination, null, null), default);
        Assert.NotEqual(id, (await h.NextAsync()).CallbackId); // the first event is the second callback's
        Assert.Single(h.Server.Requests, r => r["channelId"] == AriChannelIds.For(id, LegKind.A)); // a 400 is not retried
    }

    [Fact]
    public async Task The_event_connection_is_kept_alive_with_pings_never_with_unsolicited_pongs()
    {
        // Asterisk 22 crashes (SIGSEGV) on a PONG it did not ask for; the scripted server counts them and drops the connection on the first.
        await using var h = await Harness.StartAsync(settings: new() { ["Switch:Asterisk:KeepAliveSeconds"] = "1" });
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (h.Server.PingsReceived < 3 && h.Server.UnsolicitedPongs == 0 && DateTime.UtcNow < deadline) await Task.Delay(50);

        Assert.Equal(0, h.Server.UnsolicitedPongs);
        Assert.True(h.Server.PingsReceived >= 3, $"Expected 3 keep-alive PINGs within 15 s, got {h.Server.PingsReceived}.");
        Assert.Equal(1, h.Server.Connections); // never dropped and reopened

        var id = Guid.NewGuid(); // and the connection still carries events
        await h.Switch.OriginateAsync(new OriginateCallback(id, Source, Destination, null, null), default);
        await h.ExpectAsync(id, LegKind.A, SwitchEventType.Dialing, number: Source);
        await h.AnswerAsync(id, LegKind.A);
    }

    [Fact]
    public void Settings_are_checked_on_start_and_write_numbers_into_the_endpoint()
    {
        var bad = Services(new() { ["Switch:Asterisk:BaseUrl"] = "ftp://x", ["Switch:Asterisk:Endpoint"] = "PJSIP/trunk" });
        var ex = Assert.Throws<OptionsValidationException>(() => bad.GetRequiredService<IOptions<AsteriskOptions>>().Value);
        Assert.Contains(ex.Failures, f => f.Contains("BaseUrl", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("Password", StringComparison.Ordinal));
        Assert.Contains(ex.Failures, f => f.Contains("{number}", StringComparison.Ordinal));

        var good = Services(new()
        {
            ["Switch:Asterisk:BaseUrl"] = "https://pbx.example:8089/ari/", ["Switch:Asterisk:Username"] = "u", ["Switch:Asterisk:Password"] = "p w",
            ["Switch:Asterisk:Endpoint"] = "SIP/{number}", ["Switch:Asterisk:NumberFormat"] = "e164",
        }).GetRequiredService<IOptions<AsteriskOptions>>().Value;
        Assert.Equal("SIP/+48600316058", good.EndpointFor(Source));
        Assert.Equal("wss://pbx.example:8089/ari/events?app=smscallback&api_key=u:p%20w", good.EventsUri().AbsoluteUri);
        Assert.Equal("PJSIP/48600316058@trunk", new AsteriskOptions().EndpointFor(Source));
    }

    [Theory]
    [InlineData(null, typeof(Infrastructure.Switching.Simulator.SwitchSimulator))]
    [InlineData("Simulator", typeof(Infrastructure.Switching.Simulator.SwitchSimulator))]
    [InlineData("asterisk", typeof(AsteriskSwitch))]
    public void Switch_Provider_chooses_the_adapter(string? provider, Type expected)
    {
        var data = Path.Combine(Path.GetTempPath(), "smscallback-tests", Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Switch:Provider"] = provider, ["Switch:Asterisk:Username"] = "u", ["Switch:Asterisk:Password"] = "p",
            ["Data:Directory"] = data, ["ConnectionStrings:App"] = $"Data Source={Path.Combine(data, "app.db")}",
            ["Jobs:Storage"] = "InMemory", ["Jobs:RunServer"] = "false",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddApplication().AddInfrastructure(configuration).BuildServiceProvider();

        var observed = Assert.IsType<Infrastructure.Telemetry.ObservedSwitch>(services.GetRequiredService<ISwitch>()); // traces, metrics, switch status
        Assert.IsType(expected, observed.Inner);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings, RecordingLogger? log = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(log ?? new RecordingLogger()))
            .AddAsteriskSwitch(configuration).BuildServiceProvider();
    }

    /// <summary>Keeps what the adapter logs, to show with a failed wait and to check that no password is ever written.</summary>
    private sealed class RecordingLogger : ILoggerProvider, ILogger
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyList<string> Lines => [.. _lines];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            _lines.Enqueue($"{logLevel}: {formatter(state, exception)} {exception}");

        public void Dispose()
        {
        }
    }

    /// <summary>A scripted server, the adapter built by its real registration, and its event stream read with a bound on every wait.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly ServiceProvider _services;
        private readonly CancellationTokenSource _reading = new();
        private readonly IAsyncEnumerator<SwitchEvent>? _events;
        private readonly bool _ownsServer;
        private Task<bool>? _pending;
        private readonly RecordingLogger _log = new();

        private Harness(ScriptedAriServer server, bool ownsServer, bool readEvents, Dictionary<string, string?>? settings)
        {
            Server = server;
            _ownsServer = ownsServer;
            var all = new Dictionary<string, string?>
            {
                ["Switch:Asterisk:BaseUrl"] = server.BaseUrl,
                ["Switch:Asterisk:Username"] = ScriptedAriServer.Username,
                ["Switch:Asterisk:Password"] = ScriptedAriServer.Password,
                ["Switch:Asterisk:ReconnectDelayMs"] = "50",
                ["Switch:Asterisk:MaxReconnectDelayMs"] = "200",
            };
            foreach (var (key, value) in settings ?? []) all[key] = value;
            _services = Services(all, _log);
            Switch = _services.GetRequiredService<ISwitch>();
            if (readEvents) _events = Switch.ReadEventsAsync(_reading.Token).GetAsyncEnumerator(_reading.Token);
        }

        public ScriptedAriServer Server { get; }
        public IReadOnlyList<string> Log => _log.Lines;

        /// <summary>Runs a bounded wait; when it times out, the failure shows what the adapter logged.</summary>
        public async Task WithLogAsync(Func<Task> wait)
        {
            try
            {
                await wait();
            }
            catch (TimeoutException ex)
            {
                throw new TimeoutException($"{ex.Message} The adapter logged:\n{string.Join('\n', _log.Lines)}", ex);
            }
        }
        public ISwitch Switch { get; }

        public static async Task<Harness> StartAsync(ScriptedAriServer? server = null, bool readEvents = true,
            Dictionary<string, string?>? settings = null)
        {
            var owned = server is null;
            server ??= await ScriptedAriServer.StartAsync();
            var before = server.Connections; // counted before the adapter can connect
            var h = new Harness(server, owned, readEvents, settings);
            if (readEvents) await h.WithLogAsync(() => server.WaitForConnectionsAsync(before + 1));
            return h;
        }

        public async Task<SwitchEvent> NextAsync()
        {
            _pending = _events!.MoveNextAsync().AsTask();
            try
            {
                if (!await _pending.WaitAsync(Bound)) throw new InvalidOperationException("The event stream ended.");
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"No event within {Bound}. The adapter logged:\n{string.Join('\n', _log.Lines)}");
            }
            return _events.Current;
        }

        public async Task<SwitchEvent> ExpectAsync(Guid callbackId, LegKind leg, SwitchEventType type, string? number = null,
            string? switchCallId = null)
        {
            var e = await NextAsync();
            Assert.Equal((callbackId, leg, type), (e.CallbackId, e.Leg, e.Type));
            if (number is not null) Assert.Equal(number, e.Number);
            if (switchCallId is not null) Assert.Equal(switchCallId, e.SwitchCallId);
            return e;
        }

        /// <summary>The leg rings and answers (it enters Stasis), and the adapter puts it in the bridge.</summary>
        public async Task<SwitchEvent> AnswerAsync(Guid callbackId, LegKind leg)
        {
            var channel = AriChannelIds.For(callbackId, leg);
            await Server.SendAsync(ScriptedAriServer.StasisStart(channel, []));
            var answered = await ExpectAsync(callbackId, leg, SwitchEventType.Answered, switchCallId: channel);
            await Server.WaitForRequestAsync("POST", $"/ari/bridges/{AriChannelIds.BridgeFor(callbackId)}/addChannel", r => r["channel"] == channel);
            return answered;
        }

        /// <summary>A rings and answers, B is dialled, rings and answers: the callback is connected.</summary>
        /// <returns>B's Answered event.</returns>
        public async Task<SwitchEvent> ConnectAsync(Guid callbackId)
        {
            var (a, b) = (AriChannelIds.For(callbackId, LegKind.A), AriChannelIds.For(callbackId, LegKind.B));
            await Server.SendAsync(ScriptedAriServer.ChannelStateChange(a, "Ringing"));
            await ExpectAsync(callbackId, LegKind.A, SwitchEventType.Ringing);
            await AnswerAsync(callbackId, LegKind.A);
            await ExpectAsync(callbackId, LegKind.B, SwitchEventType.Dialing, number: Destination, switchCallId: b);
            await Server.SendAsync(ScriptedAriServer.ChannelStateChange(b, "Ringing"));
            await ExpectAsync(callbackId, LegKind.B, SwitchEventType.Ringing);
            return await AnswerAsync(callbackId, LegKind.B);
        }

        public async ValueTask DisposeAsync()
        {
            await _reading.CancelAsync();
            if (_events is not null)
            {
                try
                {
                    if (_pending is not null) await _pending.WaitAsync(Bound); // a read still waiting ends with the cancellation
                }
                catch (OperationCanceledException)
                {
                }
                await _events.DisposeAsync();
            }
            await _services.DisposeAsync();
            if (_ownsServer) await Server.DisposeAsync();
            _reading.Dispose();
            Assert.DoesNotContain(_log.Lines, line => line.Contains(ScriptedAriServer.Password, StringComparison.Ordinal));
        }
    }
}
