using System.Text;

namespace SmsCallback.Forwarder.Pdu;

/// <summary>The GSM 7-bit default alphabet and its extension table (3GPP TS 23.038 §6.2.1), and septet packing (TS 23.038 §6.1.2.1).</summary>
public static class Gsm7
{
    private const char Escape = '\u001B';

    /// <summary>The default alphabet; index = septet value. 0x1B is the escape to the extension table.</summary>
    private const string Basic =
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001BÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
        "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

    /// <summary>The extension table: after 0x1B, these septets stand for these characters.</summary>
    private static readonly Dictionary<byte, char> Extension = new()
    {
        [0x0A] = '\f', [0x14] = '^', [0x28] = '{', [0x29] = '}', [0x2F] = '\\', [0x3C] = '[', [0x3D] = '~', [0x3E] = ']', [0x40] = '|', [0x65] = '€',
    };

    private static readonly Dictionary<char, byte> BasicIndex = Basic.Select((c, i) => (c, i)).Where(x => x.c != Escape)
        .ToDictionary(x => x.c, x => (byte)x.i);

    private static readonly Dictionary<char, byte> ExtensionIndex = Extension.ToDictionary(x => x.Value, x => x.Key);

    /// <summary>Septets of <paramref name="text"/>, or null when a character is outside the default alphabet and its extension.</summary>
    public static byte[]? ToSeptets(string text)
    {
        var septets = new List<byte>(text.Length);
        foreach (var c in text)
        {
            if (BasicIndex.TryGetValue(c, out var b)) septets.Add(b);
            else if (ExtensionIndex.TryGetValue(c, out var e)) { septets.Add(0x1B); septets.Add(e); }
            else return null;
        }
        return [.. septets];
    }

    public static bool CanEncode(string text) => text.All(c => BasicIndex.ContainsKey(c) || ExtensionIndex.ContainsKey(c));

    public static string FromSeptets(ReadOnlySpan<byte> septets)
    {
        var text = new StringBuilder(septets.Length);
        for (var i = 0; i < septets.Length; i++)
        {
            var s = septets[i] & 0x7F;
            if (s == 0x1B && i + 1 < septets.Length)
            {
                var next = (byte)(septets[++i] & 0x7F);
                // An unknown extension code shows the default-alphabet character (TS 23.038 §6.2.1.1).
                text.Append(Extension.TryGetValue(next, out var ext) ? ext : Basic[next] == Escape ? ' ' : Basic[next]);
            }
            else text.Append(s == 0x1B ? ' ' : Basic[s]);
        }
        return text.ToString();
    }

    /// <summary>Packs septets into octets, starting <paramref name="fillBits"/> bits in (after a user data header).</summary>
    public static byte[] Pack(ReadOnlySpan<byte> septets, int fillBits = 0)
    {
        var bits = fillBits + septets.Length * 7;
        var packed = new byte[(bits + 7) / 8];
        var position = fillBits;
        foreach (var septet in septets)
        {
            var value = septet & 0x7F;
            packed[position / 8] |= (byte)(value << (position % 8));
            if (position % 8 > 1) packed[position / 8 + 1] |= (byte)(value >> (8 - position % 8));
            position += 7;
        }
        return packed;
    }

    /// <summary>Unpacks <paramref name="count"/> septets, skipping <paramref name="fillBits"/> bits first.</summary>
    public static byte[] Unpack(ReadOnlySpan<byte> octets, int count, int fillBits = 0)
    {
        var available = (octets.Length * 8 - fillBits) / 7;
        count = Math.Min(count, available);
        var septets = new byte[count];
        var position = fillBits;
        for (var i = 0; i < count; i++, position += 7)
        {
            var value = octets[position / 8] >> (position % 8);
            if (position % 8 > 1 && position / 8 + 1 < octets.Length) value |= octets[position / 8 + 1] << (8 - position % 8);
            septets[i] = (byte)(value & 0x7F);
        }
        return septets;
    }
}
