using System.IO.Ports;

namespace SmsCallback.Forwarder;

/// <summary>Settings of the forwarder role (<c>Forwarder:*</c>, environment <c>Forwarder__*</c>).</summary>
public sealed class ForwarderOptions
{
    public const string Section = "Forwarder";

    /// <summary><c>/dev/ttyUSB0</c>, <c>COM3</c>, …</summary>
    public string SerialPort { get; set; } = "";
    public int BaudRate { get; set; } = 115200;
    public Parity Parity { get; set; } = Parity.None;
    public int DataBits { get; set; } = 8;
    public StopBits StopBits { get; set; } = StopBits.One;
    public Handshake Handshake { get; set; } = Handshake.None;

    /// <summary>The SIM's PIN, if it asks for one. Never logged.</summary>
    public string? Pin { get; set; }

    /// <summary>Text mode (<c>AT+CMGF=1</c>) for modems without PDU mode; PDU mode is the default.</summary>
    public bool TextMode { get; set; }

    /// <summary>The message storage for <c>AT+CPMS</c>: <c>SM</c> (SIM) or <c>ME</c>.</summary>
    public string Storage { get; set; } = "SM";

    /// <summary>Ask the network for a status report of every reply (TP-SRR in PDU mode, <c>AT+CSMP=49,…</c> in text mode) and have the modem
    /// store them (<c>AT+CNMI=2,1,0,2,0</c>); the sweep posts each one to the platform (docs/delivery-reports.md).</summary>
    public bool StatusReports { get; set; } = true;

    public string PlatformUrl { get; set; } = "";
    public Guid Id { get; set; }

    /// <summary>The key the platform showed at registration. Never logged.</summary>
    public string Key { get; set; } = "";

    /// <summary>The local durable queue (a SQLite file).</summary>
    public string QueuePath { get; set; } = "forwarder-queue.db";

    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(10);
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromMinutes(1);
    public TimeSpan OutboundPollInterval { get; set; } = TimeSpan.FromSeconds(5);
    public TimeSpan ForwardInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long parts of a concatenated SMS wait for the rest before they are forwarded alone (gammu: 600 s).</summary>
    public TimeSpan ConcatenationTimeout { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan MinBackoff { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromMinutes(2);
}
