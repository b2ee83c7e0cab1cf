using System.Text;
using SmsCallback.Forwarder.Pdu;

namespace SmsCallback.Forwarder.Tests;

/// <summary>Builds SMS-DELIVER PDUs as a network would deliver them, for round trips and for the scripted modem.</summary>
public static class DeliverPduBuilder
{
    /// <param name="concat">(reference, total, sequence, sixteenBit) or null.</param>
    public static string Build(string sender, string text, DateTimeOffset time, (int Ref, int Total, int Seq, bool Wide)? concat = null, bool ucs2 = false)
    {
        var pdu = new List<byte> { 0x07, 0x91, 0x84, 0x06, 0x92, 0x15, 0x00, 0xF1 }; // SMSC +48602951001
        pdu.Add((byte)(concat is null ? 0x04 : 0x44));
        if (sender.StartsWith('+') || sender.All(char.IsAsciiDigit))
        {
            var digits = sender.TrimStart('+');
            pdu.Add((byte)digits.Length);
            pdu.Add((byte)(sender.StartsWith('+') ? 0x91 : 0x81));
            for (var i = 0; i < digits.Length; i += 2)
                pdu.Add((byte)((digits[i] - '0') | ((i + 1 < digits.Length ? digits[i + 1] - '0' : 0xF) << 4)));
        }
        else
        {
            var packed = Gsm7.Pack(Gsm7.ToSeptets(sender)!);
            pdu.Add((byte)(sender.Length * 7 / 4 + (sender.Length * 7 % 4 == 0 ? 0 : 1)));
            pdu.Add(0xD0);
            pdu.AddRange(packed);
        }
        pdu.Add(0x00);
        var septets = ucs2 ? null : Gsm7.ToSeptets(text);
        pdu.Add(septets is null ? (byte)0x08 : (byte)0x00);
        static byte Swap(int v) => (byte)((v % 10) << 4 | v / 10);
        var quarters = (int)(time.Offset.TotalMinutes / 15);
        pdu.AddRange([Swap(time.Year % 100), Swap(time.Month), Swap(time.Day), Swap(time.Hour), Swap(time.Minute), Swap(time.Second),
            (byte)(Swap(Math.Abs(quarters)) | (quarters < 0 ? 0x08 : 0))]);
        byte[] header = concat is not { } c ? []
            : c.Wide ? [0x06, 0x08, 0x04, (byte)(c.Ref >> 8), (byte)c.Ref, (byte)c.Total, (byte)c.Seq]
            : [0x05, 0x00, 0x03, (byte)c.Ref, (byte)c.Total, (byte)c.Seq];
        if (septets is not null)
        {
            var headerSeptets = (header.Length * 8 + 6) / 7;
            pdu.Add((byte)(headerSeptets + septets.Length));
            pdu.AddRange(header);
            pdu.AddRange(Gsm7.Pack(septets, headerSeptets * 7 - header.Length * 8));
        }
        else
        {
            var bytes = Encoding.BigEndianUnicode.GetBytes(text);
            pdu.Add((byte)(header.Length + bytes.Length));
            pdu.AddRange(header);
            pdu.AddRange(bytes);
        }
        return Convert.ToHexString([.. pdu]);
    }
}
