using System.Globalization;
using System.IO.Ports;
using System.Text.RegularExpressions;
using SmsCallback.Forwarder.Pdu;

namespace SmsCallback.Forwarder.Modem;

/// <summary>An SMS in the modem's storage: in PDU mode the raw PDU; in text mode the fields <c>+CMGL</c> shows.</summary>
public sealed record StoredSms(int Index, string? Pdu, string? Sender, DateTimeOffset? Time, string? Text);

public sealed record ModemStatus(int? SignalQuality, int? Registration);

/// <summary>The AT commands of TS 27.005/27.007 the forwarder needs, over one <see cref="AtChannel"/>: set-up, listing, deleting, sending,
/// signal and registration. Opened with <see cref="OpenAsync"/> on a serial port; a broken port surfaces as <see cref="ModemGoneException"/>.</summary>
public sealed partial class ModemDriver(AtChannel channel, ForwarderOptions options) : IAsyncDisposable
{
    public AtChannel Channel => channel;

    public static ModemDriver Open(ForwarderOptions options, Action<string> unsolicited)
    {
        var port = new SerialPort(options.SerialPort, options.BaudRate, options.Parity, options.DataBits, options.StopBits) { Handshake = options.Handshake };
        port.Open();
        try
        {
            port.DtrEnable = true; // many modems ignore commands while DTR is low
            if (options.Handshake is not (Handshake.RequestToSend or Handshake.RequestToSendXOnXOff)) port.RtsEnable = true;
        }
        catch (IOException)
        {
            // no modem-control lines (a pseudo-terminal, some USB adapters): nothing to raise
        }
        return new ModemDriver(new AtChannel(new SerialPortStream(port), unsolicited), options);
    }

    /// <summary>Set-up after every (re)connection, since a reset drops settings: ATZ, ATE0, AT+CMEE=1, the PIN, the message format,
    /// the storage, and +CMTI notifications.</summary>
    public async Task InitialiseAsync(CancellationToken ct)
    {
        await Run("AT", ct, mustSucceed: false); // wakes a modem and flushes a half-typed line
        await Run("ATZ", ct, mustSucceed: false);
        await Run("ATE0", ct);
        await Run("AT+CMEE=1", ct, mustSucceed: false);
        var pin = await Run("AT+CPIN?", ct, mustSucceed: false);
        if (pin.Lines.Any(l => l.Contains("SIM PIN", StringComparison.OrdinalIgnoreCase)))
        {
            if (string.IsNullOrEmpty(options.Pin)) throw new InvalidOperationException("The SIM asks for a PIN and Forwarder:Pin is not set.");
            var entered = await Run($"AT+CPIN=\"{options.Pin}\"", ct, mustSucceed: false);
            if (!entered.Ok) throw new InvalidOperationException($"The SIM refused the PIN ({entered.Error}); check Forwarder:Pin before the SIM locks.");
        }
        await Run(options.TextMode ? "AT+CMGF=1" : "AT+CMGF=0", ct);
        if (options.TextMode) await Run("AT+CSCS=\"GSM\"", ct, mustSucceed: false);
        await Run($"AT+CPMS=\"{options.Storage}\",\"{options.Storage}\",\"{options.Storage}\"", ct, mustSucceed: false);
        // ds=2: status reports are stored like SMS (+CDSI) and listed by the sweep, so one survives a restart and needs no +CNMA.
        await Run(options.StatusReports ? "AT+CNMI=2,1,0,2,0" : "AT+CNMI=2,1,0,0,0", ct, mustSucceed: false);
        if (options.StatusReports && options.TextMode) await Run("AT+CSMP=49,167,0,0", ct, mustSucceed: false); // first octet 0x31: SRR
    }

    /// <summary>Every SMS in storage (<c>AT+CMGL=4</c> in PDU mode, <c>AT+CMGL="ALL"</c> in text mode).</summary>
    public async Task<IReadOnlyList<StoredSms>> ListAsync(CancellationToken ct)
    {
        var response = await Run(options.TextMode ? "AT+CMGL=\"ALL\"" : "AT+CMGL=4", ct);
        var result = new List<StoredSms>();
        for (var i = 0; i < response.Lines.Count; i++)
        {
            var header = CmglHeader().Match(response.Lines[i]);
            if (!header.Success) continue;
            var index = int.Parse(header.Groups[1].Value, CultureInfo.InvariantCulture);
            var body = new List<string>();
            while (i + 1 < response.Lines.Count && !response.Lines[i + 1].StartsWith("+CMGL:", StringComparison.Ordinal)) body.Add(response.Lines[++i]);
            if (options.TextMode)
            {
                var fields = TextHeader().Match(response.Lines[i - body.Count]);
                result.Add(new StoredSms(index, null, fields.Success ? fields.Groups[1].Value : "unknown",
                    fields.Success ? ParseTextTime(fields.Groups[2].Value) : null, string.Join("\n", body)));
            }
            else if (body.Count > 0) result.Add(new StoredSms(index, body[0].Trim(), null, null, null));
        }
        return result;
    }

    /// <summary><c>AT+CMGD</c>; an index that is already empty (<c>+CMS ERROR: 321</c>) counts as deleted.</summary>
    public async Task DeleteAsync(int index, CancellationToken ct)
    {
        var response = await Run($"AT+CMGD={index}", ct, mustSucceed: false);
        if (!response.Ok && response.ErrorCode != 321) throw new ModemCommandException($"AT+CMGD={index}", response);
    }

    public async Task<ModemStatus> StatusAsync(CancellationToken ct)
    {
        var csq = await Run("AT+CSQ", ct, mustSucceed: false);
        var creg = await Run("AT+CREG?", ct, mustSucceed: false);
        int? signal = csq.Lines.Select(l => Csq().Match(l)).FirstOrDefault(m => m.Success) is { } s ? int.Parse(s.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        int? registration = creg.Lines.Select(l => Creg().Match(l)).FirstOrDefault(m => m.Success) is { } r
            ? int.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture) : null;
        return new ModemStatus(signal, registration);
    }

    /// <summary>Sends one SMS (all its parts); returns the <c>+CMGS</c> message references, comma-separated.</summary>
    public async Task<string> SendAsync(string to, string text, byte reference, CancellationToken ct)
    {
        var references = new List<string>();
        if (options.TextMode)
        {
            var response = await channel.ExecuteWithPromptAsync($"AT+CMGS=\"{to}\"", text, options.CommandTimeout * 6, ct);
            references.Add(Reference(response, "AT+CMGS"));
        }
        else
        {
            foreach (var pdu in SmsPdu.EncodeSubmit(to, text, reference, options.StatusReports))
            {
                var response = await channel.ExecuteWithPromptAsync($"AT+CMGS={pdu.TpduLength}", pdu.Hex, options.CommandTimeout * 6, ct);
                references.Add(Reference(response, "AT+CMGS"));
            }
        }
        return string.Join(",", references);
    }

    private static string Reference(AtResponse response, string command)
    {
        if (!response.Ok) throw new ModemCommandException(command, response);
        return response.Lines.FirstOrDefault(l => l.StartsWith("+CMGS:", StringComparison.Ordinal))?[6..].Trim() ?? "";
    }

    private async Task<AtResponse> Run(string command, CancellationToken ct, bool mustSucceed = true)
    {
        var response = await channel.ExecuteAsync(command, options.CommandTimeout, ct);
        if (mustSucceed && !response.Ok) throw new ModemCommandException(AtChannel.Redact(command), response);
        return response;
    }

    private static DateTimeOffset? ParseTextTime(string value)
    {
        // "24/11/26,10:15:32+04": the zone in quarters of an hour (TS 27.005 §3.3.1 / TS 23.040 §9.2.3.11).
        var m = TextTime().Match(value);
        if (!m.Success) return null;
        int P(int g) => int.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        try
        {
            return new DateTimeOffset(2000 + P(1), P(2), P(3), P(4), P(5), P(6), TimeSpan.FromMinutes(15 * P(7)));
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex(@"^\+CMGL:\s*(\d+)")]
    private static partial Regex CmglHeader();

    [GeneratedRegex("""^\+CMGL:\s*\d+,"[^"]*","([^"]*)",[^,]*,"([^"]*)""")]
    private static partial Regex TextHeader();

    [GeneratedRegex(@"^(\d\d)/(\d\d)/(\d\d),(\d\d):(\d\d):(\d\d)([+-]\d+)$")]
    private static partial Regex TextTime();

    [GeneratedRegex(@"^\+CSQ:\s*(\d+)")]
    private static partial Regex Csq();

    [GeneratedRegex(@"^\+CREG:\s*\d+,(\d+)")]
    private static partial Regex Creg();

    public ValueTask DisposeAsync() => channel.DisposeAsync();
}

/// <summary>A command the modem answered with ERROR, <c>+CMS ERROR</c> or <c>+CME ERROR</c>.</summary>
public sealed class ModemCommandException(string command, AtResponse response)
    : Exception($"{command} failed: {response.Error}")
{
    public AtResponse Response { get; } = response;
}

/// <summary>The serial port's base stream, owning the port so disposing the stream closes the port.</summary>
internal sealed class SerialPortStream(SerialPort port) : Stream
{
    private readonly Stream _inner = port.BaseStream;
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() => _inner.Flush();
    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);
    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => _inner.WriteAsync(buffer, cancellationToken);
    public override void Write(byte[] buffer, int offset, int count) => _inner.Write(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            try { port.Close(); } catch (IOException) { }
            port.Dispose();
        }
        base.Dispose(disposing);
    }
}
