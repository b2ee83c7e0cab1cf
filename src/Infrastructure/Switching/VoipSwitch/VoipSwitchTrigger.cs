using System.Net.Sockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Infrastructure.Switching.VoipSwitch;

public sealed class VoipSwitchOptions
{
    public const string Section = "Switch:VoipSwitch";
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 1802;

    /// <summary>The operator's trigger credentials.</summary>
    public string Login { get; set; } = "";
    public string Password { get; set; } = "";

    /// <summary>The line sent to the switch. Placeholders: {login} {password} {source} {destination}; numbers are digits without '+'.</summary>
    public string LineFormat { get; set; } = "{login} {password} {source} {destination}";

    /// <summary>What ends the line (C escapes \r \n allowed in configuration).</summary>
    public string Terminator { get; set; } = "\\r\\n";

    public int ConnectTimeoutMs { get; set; } = 5000;
    public int Attempts { get; set; } = 3;
    public int RetryDelayMs { get; set; } = 500;
}

/// <summary>VoipSwitch's SMS-callback trigger: one TCP connection to the callback port per request, carrying one ASCII line, then closed.
/// Nothing is read back. VoipSwitch then rings both legs, runs its own IVR and bills the call in its own database, so through this
/// interface the platform cannot observe ringing, answer, hang-up causes or DTMF: a delivered trigger is reported as
/// <see cref="SwitchEventType.HandedOff"/>, and leg control (IVR, end-leg codes) is not available. The line has no field for a caller ID:
/// the callback's caller IDs are not sent, and VoipSwitch shows what it is configured to show (docs/switches.md, Caller ID).</summary>
public sealed partial class VoipSwitchTrigger(IOptions<VoipSwitchOptions> options, TimeProvider clock, ILogger<VoipSwitchTrigger> logger) : ISwitch
{
    private readonly Channel<SwitchEvent> _events = Channel.CreateUnbounded<SwitchEvent>(new() { SingleReader = true });

    public SwitchCapabilities Capabilities { get; } = new(ReportsCallProgress: false, CanControlLegs: false);

    public async Task OriginateAsync(OriginateCallback request, CancellationToken ct)
    {
        var o = options.Value;
        if (request.Destination is null) throw new SwitchUnavailableException("VoipSwitch's trigger needs a destination: ANI callback runs on switches the platform controls.");
        var line = Encoding.ASCII.GetBytes(FormatLine(o, request.Source, request.Destination));
        Exception? last = null;
        for (var attempt = 1; attempt <= Math.Max(1, o.Attempts); attempt++)
        {
            try
            {
                await SendAsync(o, line, ct);
                var now = clock.GetUtcNow();
                _events.Writer.TryWrite(new SwitchEvent(request.CallbackId, LegKind.A, SwitchEventType.Dialing, request.Source, null, null, now));
                _events.Writer.TryWrite(new SwitchEvent(request.CallbackId, LegKind.A, SwitchEventType.HandedOff, request.Source, null, null, now));
                return;
            }
            catch (Exception ex) when (ex is SocketException or IOException or TimeoutException && !ct.IsCancellationRequested)
            {
                last = ex;
                LogAttemptFailed(attempt, o.Host, o.Port, ex.Message);
                if (attempt < o.Attempts) await Task.Delay(TimeSpan.FromMilliseconds(o.RetryDelayMs * attempt), clock, ct);
            }
        }
        throw new SwitchUnavailableException($"VoipSwitch at {o.Host}:{o.Port} did not take the callback after {o.Attempts} attempts.", last);
    }

    public static string FormatLine(VoipSwitchOptions o, string source, string destination) =>
        o.LineFormat.Replace("{login}", o.Login).Replace("{password}", o.Password)
            .Replace("{source}", source.TrimStart('+')).Replace("{destination}", destination.TrimStart('+'))
        + o.Terminator.Replace("\\r", "\r").Replace("\\n", "\n");

    private static async Task SendAsync(VoipSwitchOptions o, byte[] line, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(o.ConnectTimeoutMs);
        using var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(o.Host, o.Port, timeout.Token);
            var stream = client.GetStream();
            await stream.WriteAsync(line, timeout.Token);
            await stream.FlushAsync(timeout.Token);
            client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"No connection to VoipSwitch within {o.ConnectTimeoutMs} ms.");
        }
    }

    public Task BridgeNewLegAsync(Guid callbackId, string destination, TimeSpan? maxDuration, CancellationToken ct) => NotThroughTrigger();
    public Task HangupLegAsync(Guid callbackId, LegKind leg, CancellationToken ct) => NotThroughTrigger();
    public Task HangupAsync(Guid callbackId, CancellationToken ct) => Task.CompletedTask; // the switch owns the call
    public Task PlayAsync(Guid callbackId, string prompt, string language, CancellationToken ct) => NotThroughTrigger();
    public Task RejectIncomingAsync(string switchCallId, CancellationToken ct) => Task.CompletedTask; // no incoming calls are reported

    public IAsyncEnumerable<SwitchEvent> ReadEventsAsync(CancellationToken ct) => _events.Reader.ReadAllAsync(ct);

    private static Task NotThroughTrigger() =>
        throw new SwitchUnavailableException("VoipSwitch's callback trigger cannot control calls: VoipSwitch runs its own IVR.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "VoipSwitch trigger attempt {Attempt} to {Host}:{Port} failed: {Reason}")]
    private partial void LogAttemptFailed(int attempt, string host, int port, string reason);
}
