using System.Collections.Concurrent;
using System.Text;
using SmsCallback.Forwarder.Pdu;

namespace SmsCallback.Forwarder.Tests;

/// <summary>A GSM modem as it behaves on a real line, on the modem end of a <see cref="PtyPair"/>: echo on after power-up and ATZ,
/// <c>+CMTI</c> when an SMS arrives, unsolicited lines slipped into answers, garbage bytes, <c>+CMS ERROR</c>s on demand, and silence on demand.</summary>
public sealed class ScriptedModem : IDisposable
{
    private readonly FileStream _stream;
    private readonly Thread _thread;
    private readonly object _write = new();
    private readonly SortedDictionary<int, string> _storage = [];
    private int _nextReference;

    public ScriptedModem(string path)
    {
        _stream = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
        _thread = new Thread(Run) { IsBackground = true, Name = "scripted-modem" };
        _thread.Start();
    }

    public bool Echo { get; private set; } = true;

    /// <summary>After AT+CMGF=1: lists show text-mode headers and AT+CMGS takes an address and plain text.</summary>
    public bool TextMode { get; private set; }

    /// <summary>(destination, text) of AT+CMGS in text mode.</summary>
    public ConcurrentQueue<(string To, string Text)> SubmittedText { get; } = new();

    /// <summary>While true the modem reads and says nothing (a hung modem).</summary>
    public volatile bool Silent;

    /// <summary>Lines slipped into the next answer, between its lines (as real modems do with +CMTI, ^RSSI, RING).</summary>
    public ConcurrentQueue<string> InterleaveNext { get; } = new();

    /// <summary>Commands (by prefix) answered with this error once, e.g. ("AT+CMGS", "+CMS ERROR: 322").</summary>
    public ConcurrentDictionary<string, string> FailNext { get; } = new();

    public ConcurrentQueue<string> Commands { get; } = new();

    /// <summary>SMS-SUBMIT PDUs received with AT+CMGS, in order.</summary>
    public ConcurrentQueue<string> Submitted { get; } = new();

    public bool GarbageBetweenLines { get; set; } = true;

    public IReadOnlyList<int> StoredIndexes { get { lock (_storage) return [.. _storage.Keys]; } }

    /// <summary>An SMS arrives: stored in the next free index; +CMTI announces it unless <paramref name="notify"/> is false (a missed notification).</summary>
    public int Receive(string pdu, bool notify = true)
    {
        int index;
        lock (_storage)
        {
            index = Enumerable.Range(1, 1000).First(i => !_storage.ContainsKey(i));
            _storage[index] = pdu;
        }
        if (notify) WriteLine($"+CMTI: \"SM\",{index}");
        return index;
    }

    private void Run()
    {
        var line = new StringBuilder();
        var buffer = new byte[1];
        string? awaitingPdu = null;
        try
        {
            while (_stream.Read(buffer, 0, 1) == 1)
            {
                var c = (char)buffer[0];
                if (awaitingPdu is not null)
                {
                    if (c == '\u001A')
                    {
                        var pdu = line.ToString().Trim();
                        line.Clear();
                        if (awaitingPdu.StartsWith("AT+CMGS=\"", StringComparison.OrdinalIgnoreCase))
                            SubmittedText.Enqueue((awaitingPdu[9..^1], pdu));
                        else Submitted.Enqueue(pdu);
                        awaitingPdu = null;
                        Answer([$"+CMGS: {Interlocked.Increment(ref _nextReference)}"]);
                    }
                    else line.Append(c);
                    continue;
                }
                if (c is '\n') continue;
                if (c != '\r') { line.Append(c); continue; }
                var command = line.ToString().Trim();
                line.Clear();
                if (command.Length == 0) continue;
                if (Silent) continue;
                Commands.Enqueue(command);
                if (Echo) Write(command + "\r\n");
                if (FailNext.FirstOrDefault(f => command.StartsWith(f.Key, StringComparison.OrdinalIgnoreCase)) is { Key: not null } fail
                    && FailNext.TryRemove(fail.Key, out _))
                {
                    Answer([], fail.Value);
                    continue;
                }
                if (command.StartsWith("AT+CMGS=", StringComparison.OrdinalIgnoreCase))
                {
                    awaitingPdu = command;
                    Write("\r\n> ");
                    continue;
                }
                Handle(command);
            }
        }
        catch (IOException)
        {
            // the pty went away: the modem is unplugged
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void Handle(string command)
    {
        var upper = command.ToUpperInvariant();
        switch (upper)
        {
            case "ATZ": Echo = true; Answer([]); return;
            case "ATE0": Echo = false; Answer([]); return;
            case "ATE1": Echo = true; Answer([]); return;
            case "AT+CPIN?": Answer(["+CPIN: READY"]); return;
            case "AT+CSQ": Answer(["+CSQ: 21,99"]); return;
            case "AT+CREG?": Answer(["+CREG: 0,1"]); return;
        }
        if (upper.StartsWith("AT+CPMS=", StringComparison.Ordinal)) { Answer(["+CPMS: 0,30,0,30,0,30"]); return; }
        if (upper == "AT+CMGF=1") { TextMode = true; Answer([]); return; }
        if (upper == "AT+CMGF=0") { TextMode = false; Answer([]); return; }
        if (upper == "AT+CMGL=\"ALL\"" && TextMode)
        {
            List<string> lines;
            lock (_storage)
                lines = [.. _storage.SelectMany(s =>
                {
                    var sms = SmsPdu.DecodeDeliver(s.Value);
                    var t = sms.ServiceCentreTime;
                    var zone = (int)(t.Offset.TotalMinutes / 15);
                    return new[] { $"+CMGL: {s.Key},\"REC UNREAD\",\"{sms.Sender}\",,\"{t:yy/MM/dd,HH:mm:ss}{(zone < 0 ? "-" : "+")}{Math.Abs(zone):00}\"", sms.Text };
                })];
            Answer(lines);
            return;
        }
        if (upper == "AT+CMGL=4")
        {
            List<string> lines;
            lock (_storage)
                lines = [.. _storage.SelectMany(s => new[] { $"+CMGL: {s.Key},0,,{s.Value.Length / 2 - 1 - Convert.ToInt32(s.Value[..2], 16)}", s.Value })];
            Answer(lines);
            return;
        }
        if (upper.StartsWith("AT+CMGD=", StringComparison.Ordinal))
        {
            bool removed;
            lock (_storage) removed = _storage.Remove(int.Parse(upper[8..], System.Globalization.CultureInfo.InvariantCulture));
            if (removed) Answer([]); else Answer([], "+CMS ERROR: 321");
            return;
        }
        if (upper is "AT" or "AT+CMEE=1" or "AT+CSCS=\"GSM\"" || upper.StartsWith("AT+CNMI=", StringComparison.Ordinal)) { Answer([]); return; }
        Answer([], "ERROR");
    }

    private void Answer(IReadOnlyList<string> lines, string final = "OK")
    {
        var text = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            text.Append("\r\n").Append(lines[i]).Append("\r\n");
            if (i == 0 && InterleaveNext.TryDequeue(out var slipped)) text.Append("\r\n").Append(slipped).Append("\r\n");
        }
        while (InterleaveNext.TryDequeue(out var more)) text.Append("\r\n").Append(more).Append("\r\n");
        text.Append("\r\n").Append(final).Append("\r\n");
        Write(text.ToString());
        if (GarbageBetweenLines) WriteBytes([0x00, 0xFF, 0x13, 0x80]);
    }

    public void WriteLine(string line) => Write($"\r\n{line}\r\n");

    private void Write(string text) => WriteBytes(Encoding.ASCII.GetBytes(text));

    private void WriteBytes(byte[] bytes)
    {
        lock (_write)
        {
            try
            {
                _stream.Write(bytes);
                _stream.Flush();
            }
            catch (IOException) { }
            catch (ObjectDisposedException) { }
        }
    }

    public static (string To, string Text) DecodeSubmitted(string pdu)
    {
        var (to, text, _) = SmsPdu.DecodeSubmit(pdu);
        return (to, text);
    }

    public void Dispose()
    {
        try { _stream.Dispose(); } catch (IOException) { }
        _thread.Join(TimeSpan.FromSeconds(2));
    }
}
