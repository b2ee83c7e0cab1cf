using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace SmsCallback.Api.IntegrationTests.RealAsterisk;

/// <summary>A second ARI application of the test's own, subscribed to every event of the real Asterisk (<c>subscribeAll=true</c>), so a
/// test sees what Asterisk did — prompts played, channels destroyed and why — without trusting the platform's account of it.</summary>
public sealed class AriObserver : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentQueue<JsonElement> _events = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task? _reading;

    public IReadOnlyList<JsonElement> Events => [.. _events];

    public static async Task<AriObserver> StartAsync(AsteriskInstance asterisk)
    {
        var observer = new AriObserver();
        observer._socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(5);
        observer._socket.Options.KeepAliveTimeout = TimeSpan.FromSeconds(5); // PINGs, never unsolicited PONGs (see AriEventStream)
        var uri = new Uri($"ws://127.0.0.1:{asterisk.Port}/ari/events?app=observer&subscribeAll=true" +
                          $"&api_key={AsteriskInstance.Username}:{AsteriskInstance.Password}");
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await observer._socket.ConnectAsync(uri, bound.Token);
        observer._reading = observer.ReadAsync();
        return observer;
    }

    /// <summary>Events of one type, in order.</summary>
    public IEnumerable<JsonElement> OfType(string type) => Events.Where(e => e.GetProperty("type").GetString() == type);

    /// <summary>The media of every playback Asterisk started.</summary>
    public IReadOnlyList<string> Played => [.. OfType("PlaybackStarted").Select(e => e.GetProperty("playback").GetProperty("media_uri").GetString()!)];

    public async Task<JsonElement> WaitForAsync(Func<JsonElement, bool> match, string what, int timeoutMs = 20_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (DateTime.UtcNow < deadline)
        {
            var found = _events.FirstOrDefault(match);
            if (found.ValueKind == JsonValueKind.Object) return found;
            await Task.Delay(50);
        }
        throw new TimeoutException($"Asterisk sent no event for {what}. Types seen: {string.Join(' ', Events.Select(e => e.GetProperty("type").GetString()))}");
    }

    private async Task ReadAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (_socket.State == WebSocketState.Open)
            {
                var result = await _socket.ReceiveAsync(buffer, _stopping.Token);
                if (result.MessageType == WebSocketMessageType.Close) return;
                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage) continue;
                using (var doc = JsonDocument.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)))
                    _events.Enqueue(doc.RootElement.Clone());
                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        if (_reading is not null) await _reading;
        _socket.Dispose();
        _stopping.Dispose();
    }
}
