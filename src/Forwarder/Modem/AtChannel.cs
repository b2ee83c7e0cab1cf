using System.Text;
using System.Threading.Channels;

namespace SmsCallback.Forwarder.Modem;

/// <summary>The final answer to one AT command: OK, or ERROR / <c>+CMS ERROR: n</c> / <c>+CME ERROR: n</c>, with the lines before it.</summary>
public sealed record AtResponse(bool Ok, IReadOnlyList<string> Lines, string? Error, int? ErrorCode)
{
    /// <summary><c>+CMS ERROR: 322</c>: SIM memory full (TS 27.005 §3.2.5).</summary>
    public bool MemoryFull => ErrorCode == 322;
}

/// <summary>The modem did not finish an answer in time: it may have hung or gone; the caller reconnects.</summary>
public sealed class ModemTimeoutException(string message) : Exception(message);

/// <summary>The port closed or failed under us.</summary>
public sealed class ModemGoneException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Line-level AT exchange over a byte stream (the serial port's <c>BaseStream</c>, read asynchronously). One command at a time;
/// echoed commands are dropped, unsolicited result codes (<c>+CMTI</c>, <c>RING</c>, <c>^RSSI</c>, …) are passed to <see cref="Unsolicited"/>
/// even when they arrive inside another command's answer, bytes that are not printable text are dropped, and lines left over from an earlier
/// exchange (a late <c>OK</c>) are discarded before each command so they are never taken for its answer.</summary>
public sealed class AtChannel : IAsyncDisposable
{
    private static readonly string[] UnsolicitedPrefixes =
        ["+CMTI:", "+CDSI:", "+CMT:", "+CDS:", "+CBM:", "RING", "+CRING:", "+CLIP:", "^", "+CUSD:", "+CIEV:", "NO CARRIER", "+PACSP", "+QIND:", "+CGEV:"];

    private readonly Stream _stream;
    private readonly Channel<string> _lines = Channel.CreateUnbounded<string>();
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _reader;
    private volatile Exception? _failure;
    private volatile string? _current; // the command in flight, if any
    private bool _outOfStep; // the last command timed out: its answer may still come

    /// <summary>How long the line must stay quiet after the re-synchronising <c>AT</c> before the next command is sent.</summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromMilliseconds(300);

    public AtChannel(Stream stream, Action<string> unsolicited)
    {
        _stream = stream;
        Unsolicited = unsolicited;
        _reader = Task.Run(ReadLoopAsync);
    }

    public Action<string> Unsolicited { get; }

    /// <summary>True once the stream has ended or failed; every later command throws <see cref="ModemGoneException"/>.</summary>
    public bool IsBroken => _failure is not null;

    public async Task<AtResponse> ExecuteAsync(string command, TimeSpan timeout, CancellationToken ct) =>
        await ExchangeAsync(command, null, timeout, ct);

    /// <summary><c>AT+CMGS</c>: the command, the <c>&gt; </c> prompt, then <paramref name="payload"/> and Ctrl-Z.</summary>
    public async Task<AtResponse> ExecuteWithPromptAsync(string command, string payload, TimeSpan timeout, CancellationToken ct) =>
        await ExchangeAsync(command, payload, timeout, ct);

    private async Task<AtResponse> ExchangeAsync(string command, string? payload, TimeSpan timeout, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            ThrowIfBroken();
            if (_outOfStep) await ResynchroniseAsync(command, timeout, ct);
            while (_lines.Reader.TryRead(out var stale)) Route(stale, command);
            _current = command;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(timeout);
            try
            {
                await WriteAsync(command + "\r", deadline.Token);
                var lines = new List<string>();
                var prompted = payload is null;
                while (true)
                {
                    var line = await _lines.Reader.ReadAsync(deadline.Token);
                    if (line == ">")
                    {
                        if (!prompted)
                        {
                            prompted = true;
                            await WriteAsync(payload + "\u001A", deadline.Token);
                        }
                        continue;
                    }
                    if (IsEcho(line, command) || (payload is not null && line.Trim() == payload)) continue;
                    if (IsUnsolicited(line, command)) { Unsolicited(line); continue; }
                    if (line == "OK") return new AtResponse(true, lines, null, null);
                    if (line is "ERROR" or "NO CARRIER" or "COMMAND NOT SUPPORT") return new AtResponse(false, lines, line, null);
                    if (line.StartsWith("+CMS ERROR:", StringComparison.Ordinal) || line.StartsWith("+CME ERROR:", StringComparison.Ordinal))
                        return new AtResponse(false, lines, line, int.TryParse(line.AsSpan(11).Trim(), out var code) ? code : null);
                    lines.Add(line);
                }
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                ThrowIfBroken();
                _outOfStep = true;
                throw new ModemTimeoutException($"No answer to {Redact(command)} within {timeout.TotalSeconds:0.#} s.");
            }
            catch (ChannelClosedException)
            {
                ThrowIfBroken();
                throw new ModemGoneException("The modem's port closed.");
            }
        }
        finally
        {
            _current = null;
            _gate.Release();
        }
    }

    /// <summary>After a timeout the hung command's answer may still be on its way, and whenever it comes it would be taken for the
    /// next command's. A plain <c>AT</c> is sent and answered first (a late <c>OK</c> arrives before its own, since the line keeps order),
    /// then the line must stay quiet for <see cref="SettleTime"/>; everything read meanwhile is discarded (unsolicited codes are passed on).</summary>
    private async Task ResynchroniseAsync(string command, TimeSpan timeout, CancellationToken ct)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        _current = "AT";
        try
        {
            await WriteAsync("AT\r", deadline.Token);
            while (await _lines.Reader.ReadAsync(deadline.Token) is var line && line != "OK") Route(line, command);
            while (true)
            {
                using var quiet = CancellationTokenSource.CreateLinkedTokenSource(ct);
                quiet.CancelAfter(SettleTime);
                try { Route(await _lines.Reader.ReadAsync(quiet.Token), command); }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested) { break; }
            }
            _outOfStep = false;
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            ThrowIfBroken();
            throw new ModemTimeoutException($"The modem still does not answer (AT before {Redact(command)}, {timeout.TotalSeconds:0.#} s).");
        }
        catch (ChannelClosedException)
        {
            ThrowIfBroken();
            throw new ModemGoneException("The modem's port closed.");
        }
    }

    /// <summary>Commands with a PIN are never shown in errors or logs.</summary>
    public static string Redact(string command) => command.StartsWith("AT+CPIN=", StringComparison.OrdinalIgnoreCase) ? "AT+CPIN=****" : command;

    private static bool IsEcho(string line, string command) => line.Equals(command, StringComparison.OrdinalIgnoreCase) ||
        (line.StartsWith("AT", StringComparison.OrdinalIgnoreCase) && command.StartsWith(line, StringComparison.OrdinalIgnoreCase));

    /// <summary>An unsolicited code, unless it is the answer this command asked for (<c>+CREG: 0,1</c> to <c>AT+CREG?</c>, but a
    /// one-value <c>+CREG: 1</c> is a registration change).</summary>
    private static bool IsUnsolicited(string line, string command)
    {
        if (line.StartsWith("+CREG:", StringComparison.Ordinal)) return !line.Contains(',') || !command.StartsWith("AT+CREG", StringComparison.OrdinalIgnoreCase);
        foreach (var prefix in UnsolicitedPrefixes)
            if (line.StartsWith(prefix, StringComparison.Ordinal))
            {
                var ownAnswer = prefix.StartsWith('+') && command.StartsWith("AT" + prefix.TrimEnd(':'), StringComparison.OrdinalIgnoreCase);
                return !ownAnswer;
            }
        return false;
    }

    private void Route(string stale, string command)
    {
        if (IsUnsolicited(stale, command)) Unsolicited(stale);
    }

    private async Task WriteAsync(string text, CancellationToken ct)
    {
        try
        {
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(text), ct);
            await _stream.FlushAsync(ct);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or InvalidOperationException)
        {
            _failure ??= ex;
            throw new ModemGoneException("Writing to the modem failed.", ex);
        }
    }

    private void ThrowIfBroken()
    {
        if (_failure is { } failure) throw new ModemGoneException("The modem's port failed or closed.", failure);
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[4096];
        var line = new StringBuilder();
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                var read = await _stream.ReadAsync(buffer, _stop.Token);
                if (read == 0) throw new EndOfStreamException("The modem's port closed.");
                for (var i = 0; i < read; i++)
                {
                    var b = buffer[i];
                    if (b is (byte)'\r' or (byte)'\n')
                    {
                        Emit(line);
                        continue;
                    }
                    if (b is < 0x20 or > 0x7E) continue; // garbage: line noise, a modem's reset chatter
                    line.Append((char)b);
                    if (line.Length == 2 && line[0] == '>' && line[1] == ' ' || line.Length > 4096) Emit(line); // the AT+CMGS prompt has no line end
                }
                if (line.ToString() is ">") Emit(line);
            }
        }
        catch (OperationCanceledException) when (_stop.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _failure = ex;
        }
        finally
        {
            _lines.Writer.TryComplete();
        }
    }

    private void Emit(StringBuilder line)
    {
        var text = line.ToString().Trim();
        line.Clear();
        if (text.Length == 0) return;
        // Between commands an unsolicited code (+CMTI) is handed on at once; anything else waits and is discarded before the next command.
        if (_current is null && IsUnsolicited(text, "")) Unsolicited(text);
        else _lines.Writer.TryWrite(text);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try { await _stream.DisposeAsync(); } catch (IOException) { }
        try { await _reader.WaitAsync(TimeSpan.FromSeconds(2)); } catch (TimeoutException) { }
        _stop.Dispose();
        _gate.Dispose();
    }
}
