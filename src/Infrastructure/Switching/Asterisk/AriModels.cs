using System.Globalization;
using System.Text.Json;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Infrastructure.Switching.Asterisk;

/// <summary>One message of the ARI event WebSocket, only the fields we read
/// (StasisStart, ChannelStateChange, ChannelDtmfReceived, ChannelDestroyed, PlaybackFinished, Dial).</summary>
public sealed record AriEvent(
    string Type,
    AriChannel? Channel = null,
    IReadOnlyList<string>? Args = null,
    string? Digit = null,
    int? Cause = null,
    string? CauseTxt = null,
    AriPlayback? Playback = null,
    AriChannel? Peer = null,
    string? Dialstatus = null)
{
    /// <summary>Not from Asterisk: <see cref="AriEventStream"/> yields it each time the WebSocket is (re)connected.</summary>
    public const string Connected = "SmsCallback.Connected";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <returns>null when the text is not an event.</returns>
    public static AriEvent? Parse(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var e = JsonSerializer.Deserialize<AriEvent>(utf8, Json);
            return string.IsNullOrEmpty(e?.Type) ? null : e;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

public sealed record AriChannel(string Id, string? Name = null, string? State = null, AriCallerId? Caller = null, AriCallerId? Connected = null,
    AriDialplan? Dialplan = null);

public sealed record AriCallerId(string? Name, string? Number);

public sealed record AriDialplan(string? Context, string? Exten, long? Priority);

/// <summary><c>target_uri</c> is <c>channel:&lt;id&gt;</c> for a prompt played to a channel.</summary>
public sealed record AriPlayback(string Id, string? MediaUri = null, string? TargetUri = null, string? State = null);

/// <summary>The ids we give the channels we originate: <c>&lt;callbackId:N&gt;-a</c> for leg A and <c>-b1</c>, <c>-b2</c>… for each B leg,
/// so every event maps back to its callback and leg from the id alone, even after a reconnect or a restart.</summary>
public static class AriChannelIds
{
    public static string For(Guid callbackId, LegKind leg, int index = 1) =>
        leg == LegKind.A ? $"{callbackId:N}-a" : $"{callbackId:N}-b{index}";

    /// <summary>The bridge of a callback (one per callback, created when A answers).</summary>
    public static string BridgeFor(Guid callbackId) => $"{callbackId:N}";

    public static bool TryParse(string channelId, out Guid callbackId, out LegKind leg)
    {
        callbackId = Guid.Empty;
        leg = LegKind.A;
        var dash = channelId.LastIndexOf('-');
        if (dash != 32 || !Guid.TryParseExact(channelId.AsSpan(0, dash), "N", out callbackId)) return false;
        var tag = channelId.AsSpan(dash + 1);
        if (tag is "a") return true;
        if (tag.Length >= 2 && tag[0] == 'b' && int.TryParse(tag[1..], out var index) && index > 0)
        {
            leg = LegKind.B;
            return true;
        }
        callbackId = Guid.Empty;
        return false;
    }

    /// <summary>The number of a B leg's channel id (2 for <c>…-b2</c>).</summary>
    public static int? TryParseIndex(string channelId)
    {
        var dash = channelId.LastIndexOf('-');
        return dash >= 0 && channelId.Length > dash + 2 && channelId[dash + 1] == 'b' && int.TryParse(channelId.AsSpan(dash + 2), out var i) ? i : null;
    }
}

/// <summary>What we pass in <c>appArgs</c> and read back from <c>StasisStart.args</c>: the leg's number and, on leg A, what to do next
/// (destination, maximum call time in seconds, the caller ids of leg A and of the B legs). Whichever instance holds the event connection can
/// then carry on the callback.</summary>
public sealed record AriAppArgs(string Number, string? Destination, int? MaxSeconds, string? CallerId, string? CallerIdB = null)
{
    /// <summary>Comma-separated, as ARI's <c>appArgs</c> wants; commas are removed from the values.</summary>
    public string Format() =>
        string.Join(',', Clean(Number), Clean(Destination), MaxSeconds?.ToString(CultureInfo.InvariantCulture) ?? "", Clean(CallerId), Clean(CallerIdB));

    public static AriAppArgs? From(IReadOnlyList<string>? args)
    {
        if (args is not { Count: > 0 } || string.IsNullOrEmpty(args[0])) return null;
        string? At(int i) => args.Count > i && !string.IsNullOrEmpty(args[i]) ? args[i] : null;
        return new AriAppArgs(args[0], At(1), int.TryParse(At(2), out var s) && s > 0 ? s : null, At(3), At(4));
    }

    private static string Clean(string? value) => (value ?? "").Replace(",", "", StringComparison.Ordinal);
}
