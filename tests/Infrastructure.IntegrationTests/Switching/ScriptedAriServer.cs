using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Logging;

namespace SmsCallback.Infrastructure.IntegrationTests.Switching;

/// <summary>One REST request the scripted server received.</summary>
public sealed record AriRequest(string Method, string Path, IReadOnlyDictionary<string, string> Query, string? Authorization)
{
    public string? this[string name] => Query.TryGetValue(name, out var v) ? v : null;

    public override string ToString() => $"{Method} {Path}?{string.Join('&', Query.Select(q => $"{q.Key}={q.Value}"))}";
}

/// <summary>A scripted Asterisk ARI peer on 127.0.0.1: Kestrel serving the REST routes the adapter calls (each request recorded) and the
/// event WebSocket at <c>/ari/events</c>, through which a test sends events in ARI's JSON shapes. Like Asterisk, deleting a live channel
/// makes it send that channel's <c>ChannelDestroyed</c> (cause 16, or 21 for <c>reason=rejected</c>).
/// The WebSocket is accepted by hand so that every frame the client sends is seen: PINGs are counted and answered, and a PONG the server never
/// asked for (it sends no PING) is counted and closes the connection at once. Asterisk should refuse such frames; Asterisk 22 crashes on
/// them instead (see <see cref="SmsCallback.Infrastructure.Switching.Asterisk.AriEventStream"/>).</summary>
public sealed class ScriptedAriServer : IAsyncDisposable
{
    public const string Username = "smscallback";
    public const string Password = "ari-secret";
    public const string App = "smscallback";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private readonly WebApplication _web;
    private readonly ConcurrentQueue<AriRequest> _requests = new();
    private readonly ConcurrentDictionary<string, bool> _liveChannels = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly CancellationTokenSource _stopping = new();
    private WebSocket? _socket;
    private int _connections;

    /// <summary>Originations to these endpoints are refused with 400, as Asterisk refuses an unknown endpoint.</summary>
    public ConcurrentDictionary<string, bool> RefusedEndpoints { get; } = new();

    private ScriptedAriServer(WebApplication web) => _web = web;

    public string BaseUrl { get; private set; } = "";
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>PING frames received from the client (its keep-alive).</summary>
    public int PingsReceived => Volatile.Read(ref _pings);

    /// <summary>PONG frames received without a PING from us: each one would have crashed Asterisk 22.</summary>
    public int UnsolicitedPongs => Volatile.Read(ref _unsolicitedPongs);

    private int _pings;
    private int _unsolicitedPongs;
    public IReadOnlyList<AriRequest> Requests => [.. _requests];

    public static async Task<ScriptedAriServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var server = new ScriptedAriServer(builder.Build());
        server._web.Run(server.HandleAsync);
        await server._web.StartAsync();
        var address = server._web.Urls.First();
        server.BaseUrl = address.TrimEnd('/') + "/ari";
        return server;
    }

    /// <summary>Sends one event to the connected adapter (waiting for a connection if there is none). A channel entering Stasis is live
    /// from then on (an incoming call), so deleting it works.</summary>
    public async Task SendAsync(string json)
    {
        using (var e = JsonDocument.Parse(json))
        {
            if (e.RootElement.GetProperty("type").GetString() == "StasisStart")
                _liveChannels[e.RootElement.GetProperty("channel").GetProperty("id").GetString()!] = true;
        }
        var deadline = DateTime.UtcNow + Bound;
        while (Volatile.Read(ref _socket) is not { State: WebSocketState.Open })
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("No adapter connected to the event WebSocket.");
            await Task.Delay(20);
        }
        await _sendLock.WaitAsync();
        try
        {
            await _socket!.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Closes the event WebSocket from the server side, as an Asterisk restart or a network cut would.</summary>
    public async Task DropAsync()
    {
        var socket = Interlocked.Exchange(ref _socket, null) ?? throw new InvalidOperationException("Nothing connected.");
        await _sendLock.WaitAsync();
        try
        {
            await socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "restart", CancellationToken.None);
        }
        finally
        {
            _sendLock.Release();
        }
    }

    /// <summary>Like Asterisk after a <c>play</c>: when set, each accepted playback is followed by its <c>PlaybackFinished</c> (sent once the
    /// REST answer is out). Off by default, so a test can send it itself.</summary>
    public bool FinishPlaybacks { get; set; }

    /// <summary>A faulty Asterisk: when set, a hang-up request (<c>DELETE /ari/channels/{id}</c>) is answered 204 but the channel stays up and
    /// no <c>ChannelDestroyed</c> follows, so a call outlives its maximum time.</summary>
    public bool IgnoreHangups { get; set; }

    /// <summary>The channel the adapter originated rings and answers: <c>ChannelStateChange</c> Ringing, then <c>StasisStart</c> with the
    /// <c>appArgs</c> of its origination (an originated channel enters Stasis when it answers).</summary>
    public async Task AnswerAsync(string channelId)
    {
        var originate = await WaitForRequestAsync("POST", "/ari/channels", r => r["channelId"] == channelId);
        await SendAsync(ChannelStateChange(channelId, "Ringing"));
        await SendAsync(StasisStart(channelId, (originate["appArgs"] ?? "").Split(',')));
    }

    /// <summary>The far end of the channel hangs up (or the call fails) with a Q.850 cause: the channel is gone and its
    /// <c>ChannelDestroyed</c> is sent.</summary>
    public async Task HangUpAsync(string channelId, int cause = 16)
    {
        _liveChannels.TryRemove(channelId, out _);
        await SendAsync(ChannelDestroyed(channelId, cause));
    }

    /// <summary>Keys pressed on the channel, one <c>ChannelDtmfReceived</c> per key.</summary>
    public async Task PressAsync(string channelId, string keys)
    {
        foreach (var key in keys) await SendAsync(ChannelDtmfReceived(channelId, key));
    }

    /// <summary>The channel ends while no adapter is connected: its ChannelDestroyed reaches nobody.</summary>
    public void EndWhileAway(string channelId) => _liveChannels.TryRemove(channelId, out _);

    public async Task WaitForConnectionsAsync(int count)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (Connections < count || Volatile.Read(ref _socket) is not { State: WebSocketState.Open })
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Expected {count} event connections, saw {Connections}.");
            await Task.Delay(20);
        }
    }

    public async Task<AriRequest> WaitForRequestAsync(string method, string path, Func<AriRequest, bool>? match = null)
    {
        var deadline = DateTime.UtcNow + Bound;
        while (true)
        {
            var found = _requests.FirstOrDefault(r => r.Method == method && r.Path == path && (match is null || match(r)));
            if (found is not null) return found;
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"No {method} {path} arrived; saw:\n{string.Join('\n', _requests)}");
            await Task.Delay(20);
        }
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (request.Path == "/ari/events")
        {
            await AcceptEventsAsync(context);
            return;
        }

        var recorded = new AriRequest(request.Method, request.Path.Value ?? "",
            request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()), request.Headers.Authorization.ToString());
        _requests.Enqueue(recorded);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
        if (recorded.Authorization != expected)
        {
            context.Response.StatusCode = 401;
            return;
        }

        var segments = recorded.Path.Split('/', StringSplitOptions.RemoveEmptyEntries); // ari, channels, {id}, play
        switch (recorded.Method, segments.Length > 1 ? segments[1] : "", segments.Length)
        {
            case ("POST", "channels", 2):
                if (RefusedEndpoints.ContainsKey(recorded["endpoint"] ?? ""))
                {
                    context.Response.StatusCode = 400;
                    await context.Response.WriteAsJsonAsync(new { message = "Invalid endpoint" });
                    return;
                }
                var id = recorded["channelId"] ?? Guid.NewGuid().ToString();
                _liveChannels[id] = true;
                await context.Response.WriteAsync(Channel(id, "Down"));
                return;
            case ("GET", "channels", 2):
                await context.Response.WriteAsync($"[{string.Join(',', _liveChannels.Keys.Select(c => Channel(c, "Up")))}]");
                return;
            case ("DELETE", "channels", 3):
                if (IgnoreHangups && _liveChannels.ContainsKey(segments[2]))
                {
                    context.Response.StatusCode = 204; // accepted, and nothing happens: the call stays up and no event comes
                    return;
                }
                if (!_liveChannels.TryRemove(segments[2], out _))
                {
                    context.Response.StatusCode = 404;
                    return;
                }
                context.Response.StatusCode = 204;
                var cause = recorded["reason"] switch { "rejected" => 21, "busy" => 17, _ => 16 };
                await SendAsync(ChannelDestroyed(segments[2], cause));
                return;
            case ("POST", "channels", 4) when segments[3] == "play":
                context.Response.StatusCode = 201;
                if (FinishPlaybacks && recorded["playbackId"] is { } playbackId)
                {
                    var (channel, media) = (segments[2], recorded["media"] ?? "");
                    context.Response.OnCompleted(() => SendAsync(PlaybackFinished(playbackId, channel, media)));
                }
                await context.Response.WriteAsync(JsonSerializer.Serialize(new
                {
                    id = recorded["playbackId"], media_uri = recorded["media"], target_uri = "channel:" + segments[2], language = "en", state = "queued",
                }));
                return;
            case ("POST", "bridges", 2):
                await context.Response.WriteAsync(JsonSerializer.Serialize(new
                {
                    id = recorded["bridgeId"], technology = "simple_bridge", bridge_type = "mixing", bridge_class = "stasis", creator = "Stasis",
                    name = "", channels = Array.Empty<string>(),
                }));
                return;
            case ("POST", "bridges", 4) when segments[3] == "addChannel":
            case ("DELETE", "bridges", 3):
                context.Response.StatusCode = 204;
                return;
            default:
                context.Response.StatusCode = 404;
                return;
        }
    }

    private async Task AcceptEventsAsync(HttpContext context)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        var key = context.Request.Headers["Sec-WebSocket-Key"].ToString();
        if (upgrade is not { IsUpgradableRequest: true } || key.Length == 0 || context.Request.Query["app"] != App
            || context.Request.Query["api_key"] != $"{Username}:{Password}")
        {
            context.Response.StatusCode = 401;
            return;
        }
        context.Response.Headers.Connection = "Upgrade";
        context.Response.Headers.Upgrade = "websocket";
        context.Response.Headers["Sec-WebSocket-Accept"] =
            Convert.ToBase64String(SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        var stream = await upgrade.UpgradeAsync();
        using var socket = WebSocket.CreateFromStream(new ClientFrameWatcher(stream, this),
            new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.Zero });
        Volatile.Write(ref _socket, socket);
        Interlocked.Increment(ref _connections);
        var buffer = new byte[1024];
        try
        {
            while (socket.State is WebSocketState.Open or WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(buffer, _stopping.Token);
                if (result.MessageType == WebSocketMessageType.Close) break;
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or IOException)
        {
        }
        Interlocked.CompareExchange(ref _socket, null, socket);
    }

    /// <summary>The upgraded connection's stream, reading the WebSocket frame headers of what the client sends (RFC 6455 §5.2).</summary>
    private sealed class ClientFrameWatcher(Stream inner, ScriptedAriServer server) : Stream
    {
        private readonly byte[] _header = new byte[14];
        private int _headerLength;
        private long _payloadLeft;

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
        {
            var read = await inner.ReadAsync(buffer, ct);
            for (var i = 0; i < read; i++)
            {
                if (_payloadLeft > 0)
                {
                    var skip = (int)Math.Min(_payloadLeft, read - i);
                    _payloadLeft -= skip;
                    i += skip - 1;
                    continue;
                }
                _header[_headerLength++] = buffer.Span[i];
                if (HeaderComplete() is { } payload)
                {
                    var opcode = _header[0] & 0x0F;
                    _headerLength = 0;
                    _payloadLeft = payload;
                    if (opcode == 0x9) Interlocked.Increment(ref server._pings);
                    if (opcode == 0xA)
                    {
                        Interlocked.Increment(ref server._unsolicitedPongs);
                        throw new IOException("Unsolicited PONG frame: refused (Asterisk 22 would crash here).");
                    }
                }
            }
            return read;
        }

        /// <returns>the payload length once the whole header (with its extended length and mask) has been read.</returns>
        private long? HeaderComplete()
        {
            if (_headerLength < 2) return null;
            var length7 = _header[1] & 0x7F;
            var lengthBytes = length7 == 126 ? 2 : length7 == 127 ? 8 : 0;
            var maskBytes = (_header[1] & 0x80) != 0 ? 4 : 0;
            if (_headerLength < 2 + lengthBytes + maskBytes) return null;
            long length = length7;
            if (lengthBytes > 0)
            {
                length = 0;
                for (var i = 0; i < lengthBytes; i++) length = (length << 8) | _header[2 + i];
            }
            return length;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) =>
            ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default) => inner.WriteAsync(buffer, ct);
        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => inner.WriteAsync(buffer, offset, count, ct);
        public override Task FlushAsync(CancellationToken ct) => inner.FlushAsync(ct);
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override bool CanRead => true;
        public override bool CanWrite => true;
        public override bool CanSeek => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }

    // ARI's JSON shapes (Asterisk 20 ari/events documentation), with the fields the adapter reads and those around them.

    public static string Channel(string id, string state, string callerNumber = "", string exten = "s", string context = "default") =>
        JsonSerializer.Serialize(ChannelObject(id, state, callerNumber, exten, context));

    private static object ChannelObject(string id, string state, string callerNumber = "", string exten = "s", string context = "default") => new
    {
        id,
        name = $"PJSIP/trunk-{Math.Abs(id.GetHashCode()) % 100000:00000000}",
        state,
        protocol_id = "",
        caller = new { name = "", number = callerNumber },
        connected = new { name = "", number = "" },
        accountcode = "",
        dialplan = new { context, exten, priority = 1, app_name = "Stasis", app_data = App },
        creationtime = "2026-11-26T15:30:00.000+0000",
        language = "en",
    };

    private static string Timestamp => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'");

    public static string StasisStart(string channelId, IReadOnlyList<string> args, string callerNumber = "", string exten = "s",
        string state = "Up") =>
        JsonSerializer.Serialize(new
        {
            type = "StasisStart", application = App, timestamp = Timestamp, args,
            channel = ChannelObject(channelId, state, callerNumber, exten, exten == "s" ? "default" : "from-trunk"),
            asterisk_id = "02:42:ac:11:00:02",
        });

    public static string ChannelStateChange(string channelId, string state) =>
        JsonSerializer.Serialize(new { type = "ChannelStateChange", application = App, timestamp = Timestamp, channel = ChannelObject(channelId, state) });

    public static string ChannelDtmfReceived(string channelId, char digit) =>
        JsonSerializer.Serialize(new
        {
            type = "ChannelDtmfReceived", application = App, timestamp = Timestamp, digit = digit.ToString(), duration_ms = 120,
            channel = ChannelObject(channelId, "Up"),
        });

    public static string ChannelDestroyed(string channelId, int cause) =>
        JsonSerializer.Serialize(new
        {
            type = "ChannelDestroyed", application = App, timestamp = Timestamp, cause,
            cause_txt = cause switch
            {
                16 => "Normal Clearing",
                17 => "User busy",
                19 => "No answer",
                21 => "Call Rejected",
                34 => "Circuit/channel congestion",
                _ => "Unknown",
            },
            channel = ChannelObject(channelId, "Down"),
        });

    /// <summary>The dialling progress of an originated channel (<c>peer</c>): RINGING, ANSWER, BUSY, NOANSWER, CONGESTION…</summary>
    public static string Dial(string channelId, string dialstatus) =>
        JsonSerializer.Serialize(new
        {
            type = "Dial", application = App, timestamp = Timestamp, dialstatus, dialstring = "", peer = ChannelObject(channelId, "Ringing"),
        });

    public static string PlaybackFinished(string playbackId, string channelId, string media) =>
        JsonSerializer.Serialize(new
        {
            type = "PlaybackFinished", application = App, timestamp = Timestamp,
            playback = new { id = playbackId, media_uri = media, target_uri = "channel:" + channelId, language = "en", state = "done" },
        });

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        using (var bound = new CancellationTokenSource(TimeSpan.FromSeconds(5))) await _web.StopAsync(bound.Token);
        await _web.DisposeAsync();
        _stopping.Dispose();
        _sendLock.Dispose();
    }
}
