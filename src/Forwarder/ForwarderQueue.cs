using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using SmsCallback.Forwarder.Modem;
using SmsCallback.Forwarder.Pdu;
using SmsCallback.Forwarder.Protocol;

namespace SmsCallback.Forwarder;

public sealed record QueuedOutbound(Guid MessageId, string To, string Text, int Attempts);

public sealed record OutboundOutcome(Guid MessageId, bool Sent, string? Reference, string? Error);

/// <summary>The forwarder's durable queue, a SQLite file (WAL, synchronous=FULL): an SMS is committed here before it is deleted from the modem,
/// and leaves only when the platform has acknowledged it. Parts of concatenated SMS wait here for the rest; replies to send and their results
/// wait here for the modem and the platform. Every insert is keyed (INSERT OR IGNORE), so reading the same SMS twice stores it once.</summary>
public sealed class ForwarderQueue
{
    private readonly string _connectionString;

    public ForwarderQueue(string path)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (!string.IsNullOrEmpty(directory)) Directory.CreateDirectory(directory);
        _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString();
        using var connection = Open();
        Execute(connection, """
            PRAGMA journal_mode=WAL;
            CREATE TABLE IF NOT EXISTS parts(key TEXT PRIMARY KEY, pdu TEXT NOT NULL, received_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS messages(seq INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, sender TEXT NOT NULL,
                text TEXT NOT NULL, sent_at TEXT NOT NULL, forwarded INTEGER NOT NULL DEFAULT 0);
            CREATE TABLE IF NOT EXISTS rejected(key TEXT PRIMARY KEY, raw TEXT NOT NULL, reason TEXT NOT NULL, received_at INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS outbound(message_id TEXT PRIMARY KEY, recipient TEXT NOT NULL, text TEXT NOT NULL,
                state INTEGER NOT NULL DEFAULT 0, reference TEXT, error TEXT, attempts INTEGER NOT NULL DEFAULT 0, reported INTEGER NOT NULL DEFAULT 0);
            """);
    }

    private const int Pending = 0, Sent = 1, Failed = 2;

    /// <summary>Stores what the modem holds at one index. Returns false for a PDU that cannot be decoded (kept in <c>rejected</c> for a person).</summary>
    public bool StoreReceived(StoredSms sms, DateTimeOffset now)
    {
        using var connection = Open();
        if (sms.Pdu is { } pdu)
        {
            try
            {
                var decoded = SmsPdu.DecodeDeliver(pdu);
                Execute(connection, "INSERT OR IGNORE INTO parts(key, pdu, received_at) VALUES ($k, $p, $t)", ("$k", decoded.Key), ("$p", pdu),
                    ("$t", now.ToUnixTimeMilliseconds()));
                return true;
            }
            catch (PduFormatException ex)
            {
                Execute(connection, "INSERT OR IGNORE INTO rejected(key, raw, reason, received_at) VALUES ($k, $r, $why, $t)", ("$k", Hash(pdu)),
                    ("$r", pdu), ("$why", ex.Message), ("$t", now.ToUnixTimeMilliseconds()));
                return false;
            }
        }
        var time = sms.Time ?? now;
        var key = Hash($"{sms.Sender}\n{time:O}\n{sms.Text}");
        Execute(connection, "INSERT OR IGNORE INTO messages(key, sender, text, sent_at) VALUES ($k, $s, $x, $t)", ("$k", key),
            ("$s", sms.Sender ?? "unknown"), ("$x", sms.Text ?? ""), ("$t", time.ToString("O")));
        return true;
    }

    /// <summary>Turns stored parts into messages: whole ones at once, incomplete ones after <paramref name="timeout"/>. One transaction.</summary>
    public int AssembleParts(DateTimeOffset now, TimeSpan timeout)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        var parts = new List<Reassembler.Part>();
        using (var read = Command(connection, "SELECT pdu, received_at FROM parts"))
        using (var reader = read.ExecuteReader())
            while (reader.Read())
                parts.Add(new Reassembler.Part(SmsPdu.DecodeDeliver(reader.GetString(0)), DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1))));

        var assembled = Reassembler.Assemble(parts, now, timeout);
        foreach (var (sms, used) in assembled)
        {
            Execute(connection, "INSERT OR IGNORE INTO messages(key, sender, text, sent_at) VALUES ($k, $s, $x, $t)", ("$k", sms.Key), ("$s", sms.Sender),
                ("$x", sms.Text), ("$t", sms.ServiceCentreTime.ToString("O")));
            foreach (var part in used) Execute(connection, "DELETE FROM parts WHERE key = $k", ("$k", part.Sms.Key));
        }
        transaction.Commit();
        return assembled.Count;
    }

    public IReadOnlyList<ForwardedMessage> NextBatch(int max)
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT key, sender, text, sent_at FROM messages WHERE forwarded = 0 ORDER BY seq LIMIT $max", ("$max", max));
        using var reader = command.ExecuteReader();
        var batch = new List<ForwardedMessage>();
        while (reader.Read())
            batch.Add(new ForwardedMessage(reader.GetString(0), Clip(reader.GetString(1) is { Length: > 0 } from && !string.IsNullOrWhiteSpace(from) ? from : "unknown", ForwarderLimits.MaxFromLength),
                Clip(reader.GetString(2), ForwarderLimits.MaxTextLength),
                DateTimeOffset.Parse(reader.GetString(3), System.Globalization.CultureInfo.InvariantCulture)));
        return batch;
    }

    public void MarkForwarded(IEnumerable<string> keys)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction();
        foreach (var key in keys) Execute(connection, "UPDATE messages SET forwarded = 1 WHERE key = $k", ("$k", key));
        transaction.Commit();
    }

    public int CountUnforwarded()
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT COUNT(*) FROM messages WHERE forwarded = 0");
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Replies the platform offered; one row per message id, however often it is offered again.</summary>
    public void AddOutbound(IEnumerable<OutboundRequest> requests)
    {
        using var connection = Open();
        foreach (var r in requests)
            Execute(connection, "INSERT OR IGNORE INTO outbound(message_id, recipient, text) VALUES ($id, $to, $x)", ("$id", r.MessageId.ToString()),
                ("$to", r.To), ("$x", r.Text));
    }

    public IReadOnlyList<QueuedOutbound> PendingOutbound()
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT message_id, recipient, text, attempts FROM outbound WHERE state = $s ORDER BY rowid", ("$s", Pending));
        using var reader = command.ExecuteReader();
        var list = new List<QueuedOutbound>();
        while (reader.Read()) list.Add(new QueuedOutbound(Guid.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        return list;
    }

    public void MarkOutboundSent(Guid id, string reference) =>
        Update("UPDATE outbound SET state = $s, reference = $r, error = NULL, attempts = attempts + 1 WHERE message_id = $id", id, ("$s", Sent), ("$r", reference));

    public void MarkOutboundFailed(Guid id, string error, bool final) =>
        Update("UPDATE outbound SET state = $s, error = $e, attempts = attempts + 1 WHERE message_id = $id", id, ("$s", final ? Failed : Pending), ("$e", error));

    public IReadOnlyList<OutboundOutcome> UnreportedOutcomes()
    {
        using var connection = Open();
        using var command = Command(connection, "SELECT message_id, state, reference, error FROM outbound WHERE state <> $p AND reported = 0", ("$p", Pending));
        using var reader = command.ExecuteReader();
        var list = new List<OutboundOutcome>();
        while (reader.Read())
            list.Add(new OutboundOutcome(Guid.Parse(reader.GetString(0)), reader.GetInt32(1) == Sent, reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3)));
        return list;
    }

    public void MarkReported(Guid id) => Update("UPDATE outbound SET reported = 1 WHERE message_id = $id", id);

    private void Update(string sql, Guid id, params (string, object?)[] parameters)
    {
        using var connection = Open();
        Execute(connection, sql, [("$id", id.ToString()), .. parameters]);
    }

    /// <summary>The platform refuses fields over its limits, and a refused batch would block the queue: a (255-part) text is cut to fit.</summary>
    private static string Clip(string value, int max) => value.Length <= max ? value : value[..max];

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..32];

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA synchronous=FULL; PRAGMA busy_timeout=5000;");
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters) command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static void Execute(SqliteConnection connection, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(connection, sql, parameters);
        command.ExecuteNonQuery();
    }
}
