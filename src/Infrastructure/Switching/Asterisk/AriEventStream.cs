using System.Buffers;
using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace SmsCallback.Infrastructure.Switching.Asterisk;

/// <summary>The ARI event WebSocket as an endless sequence of events: it connects, reads, and when the socket drops or cannot be opened it
/// waits and reconnects (the wait doubles from <see cref="AsteriskOptions.ReconnectDelayMs"/> up to
/// <see cref="AsteriskOptions.MaxReconnectDelayMs"/>, and starts over once a connection stands). Events Asterisk sends while we are away are
/// lost: after each connection it yields <see cref="AriEvent.Connected"/> so the reader can catch up. The channel ids carry the callback and
/// leg, so the events after a reconnect still map to their callbacks.</summary>
public sealed partial class AriEventStream(IOptions<AsteriskOptions> options, TimeProvider clock, ILogger<AriEventStream> logger,
    Operations.SwitchConnectionStatus? status = null)
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How many times a connection was opened (for diagnostics and tests).</summary>
    public int Connections => _connections;

    private int _connections;

    /// <summary>The switch's name in <see cref="Operations.SwitchConnectionStatus"/> and the <c>smscallback.switch.up</c> gauge.</summary>
    private const string StatusName = "asterisk";

    public async IAsyncEnumerable<AriEvent> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        var o = options.Value;
        var delay = TimeSpan.FromMilliseconds(o.ReconnectDelayMs);
        while (!ct.IsCancellationRequested)
        {
            using var socket = await ConnectAsync(o, ct);
            if (socket is null)
            {
                await Task.Delay(delay, clock, ct);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, o.MaxReconnectDelayMs));
                continue;
            }

            delay = TimeSpan.FromMilliseconds(o.ReconnectDelayMs);
            yield return new AriEvent(AriEvent.Connected);
            var buffer = new ArrayBufferWriter<byte>(4096);
            while (await ReceiveAsync(socket, buffer, ct))
            {
                var e = AriEvent.Parse(buffer.WrittenSpan);
                if (e is null) LogUnreadable(buffer.WrittenCount);
                else yield return e;
            }
            LogDropped(o.RestUri().Authority);
            status?.Disconnected(StatusName, $"the ARI event connection to {o.RestUri().Authority} dropped; reconnecting");
            await Task.Delay(delay, clock, ct);
        }
        ct.ThrowIfCancellationRequested();
    }

    private async Task<ClientWebSocket?> ConnectAsync(AsteriskOptions o, CancellationToken ct)
    {
        var socket = new ClientWebSocket();
        // Both settings, always: with KeepAliveInterval alone .NET keeps the connection alive with *unsolicited PONG* frames, and the server
        // side of Asterisk's WebSocket (res/res_http_websocket.c, websocket_handled_pong_or_close, Asterisk 22 and master) dereferences a
        // client-only structure on every PONG it receives: Asterisk dies with SIGSEGV, taking every call on the PBX with it. With a
        // KeepAliveTimeout as well, .NET sends PING frames, which Asterisk answers, and a PONG that does not come back in time marks the
        // connection dead, so it is opened again. Tested against a real Asterisk in RealAsteriskTests.
        var keepAlive = TimeSpan.FromSeconds(o.KeepAliveSeconds);
        socket.Options.KeepAliveInterval = keepAlive;
        socket.Options.KeepAliveTimeout = keepAlive;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(ConnectTimeout);
            await socket.ConnectAsync(o.EventsUri(), timeout.Token);
            Interlocked.Increment(ref _connections);
            LogConnected(o.RestUri().Authority, o.Application);
            status?.Connected(StatusName, $"ARI event connection to {o.RestUri().Authority} stands");
            return socket;
        }
        catch (Exception ex) when (ex is WebSocketException or HttpRequestException or IOException
                                       || (ex is OperationCanceledException && !ct.IsCancellationRequested))
        {
            socket.Dispose();
            LogConnectFailed(o.RestUri().Authority, ex.Message); // the URI carries the password: only the host is logged
            status?.Disconnected(StatusName, $"cannot connect to the ARI events of {o.RestUri().Authority}: {ex.GetType().Name}");
            return null;
        }
    }

    /// <summary>Reads one whole text message into <paramref name="buffer"/>.</summary>
    /// <returns>false when the socket closed or failed.</returns>
    private async Task<bool> ReceiveAsync(ClientWebSocket socket, ArrayBufferWriter<byte> buffer, CancellationToken ct)
    {
        buffer.ResetWrittenCount();
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(4096), ct);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct);
                    return false;
                }
                buffer.Advance(result.Count);
                if (result.EndOfMessage) return true;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            LogReceiveFailed(ex, ex.GetType().Name); // whatever broke the socket, the answer is a new one
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to the Asterisk ARI events of {Host} for application {Application}")]
    private partial void LogConnected(string host, string application);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not connect to the Asterisk ARI events of {Host}: {Error}")]
    private partial void LogConnectFailed(string host, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Asterisk ARI event connection to {Host} dropped; reconnecting")]
    private partial void LogDropped(string host);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the Asterisk ARI events failed ({Error})")]
    private partial void LogReceiveFailed(Exception ex, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "An ARI event of {Length} bytes could not be read and was skipped")]
    private partial void LogUnreadable(int length);
}
