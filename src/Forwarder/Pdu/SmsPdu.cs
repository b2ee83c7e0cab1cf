using System.Security.Cryptography;
using System.Text;

namespace SmsCallback.Forwarder.Pdu;

public enum SmsCoding { Gsm7 = 0, EightBit = 1, Ucs2 = 2 }

public enum AddressKind { International, National, Alphanumeric }

/// <summary>One part of a concatenated SMS (user data header IE 0x00 with an 8-bit reference or IE 0x08 with a 16-bit one).</summary>
public sealed record ConcatenationInfo(int Reference, int Total, int Sequence, bool SixteenBitReference);

/// <summary>A decoded SMS-DELIVER. <see cref="Payload"/> is the user data without its header: septets for GSM 7-bit, octets otherwise,
/// so parts of a concatenated message can be joined before decoding (a character may straddle two parts).</summary>
public sealed record DeliveredSms(
    string Sender, AddressKind SenderKind, DateTimeOffset ServiceCentreTime, SmsCoding Coding, byte[] Payload, ConcatenationInfo? Part,
    string RawPdu)
{
    public string Text => SmsPdu.DecodePayload(Coding, Payload);

    /// <summary>A stable key of this PDU: the same SMS read again from the modem gets the same key (the platform dedupes on it).</summary>
    public string Key => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(RawPdu.ToUpperInvariant())))[..32];
}

public sealed class PduFormatException(string message) : Exception(message);

/// <summary>What an SMS-STATUS-REPORT says about one SMS-SUBMIT part (TS 23.040 §9.2.3.15 TP-ST): delivered, still being tried by the
/// service centre, or given up.</summary>
public enum ReportedDelivery { Delivered, Pending, Failed }

/// <summary>A decoded SMS-STATUS-REPORT (TS 23.040 §9.2.2.3): the <paramref name="MessageReference"/> <c>+CMGS</c> gave for the part, its
/// recipient, when the service centre took it and when the status was reached (<paramref name="DischargedAt"/>), and TP-ST.</summary>
public sealed record StatusReport(int MessageReference, string Recipient, DateTimeOffset ServiceCentreTime, DateTimeOffset DischargedAt, int Status)
{
    /// <summary>TP-ST 0x00–0x1F: the transaction completed (0x00 received by the phone, 0x01 forwarded, 0x02 replaced); 0x20–0x3F: a
    /// temporary error, the service centre still tries; 0x40 and above: a permanent error, or a temporary one it stopped trying.</summary>
    public ReportedDelivery Delivery => Status switch
    {
        < 0x20 => ReportedDelivery.Delivered,
        < 0x40 => ReportedDelivery.Pending,
        _ => ReportedDelivery.Failed,
    };
}

/// <summary>SMS-DELIVER decoding and SMS-SUBMIT encoding (3GPP TS 23.040 §9.2), as a modem exchanges them in PDU mode
/// (<c>AT+CMGF=0</c>, TS 27.005 §3): hex, led by the service centre address.</summary>
public static class SmsPdu
{
    public const int SingleGsm7Septets = 160, PartGsm7Septets = 153, SingleUcs2Units = 70, PartUcs2Units = 67;

    /// <summary>Decodes an SMS-DELIVER as <c>+CMGR</c>/<c>+CMGL</c> show it: the SMSC address (length octet first), then the TPDU.</summary>
    public static DeliveredSms DecodeDeliver(string hex)
    {
        hex = hex.Trim();
        byte[] pdu;
        try { pdu = Convert.FromHexString(hex); }
        catch (FormatException) { throw new PduFormatException("The PDU is not hexadecimal."); }
        try
        {
            var p = 1 + pdu[0]; // skip the service centre address
            var first = pdu[p++];
            if ((first & 0x03) != 0) throw new PduFormatException($"Not an SMS-DELIVER (message type {first & 0x03}).");
            var hasHeader = (first & 0x40) != 0;

            var digits = pdu[p++];
            var toa = pdu[p++];
            var addressOctets = (digits + 1) / 2;
            var (sender, kind) = DecodeAddress(pdu.AsSpan(p, addressOctets), digits, toa);
            p += addressOctets;

            p++; // TP-PID
            var coding = CodingOf(pdu[p++]);
            var time = DecodeTimestamp(pdu.AsSpan(p, 7));
            p += 7;
            var (payload, part) = ReadUserData(pdu.AsSpan(p), hasHeader, coding);
            return new DeliveredSms(sender, kind, time, coding, payload, part, hex.ToUpperInvariant());
        }
        catch (IndexOutOfRangeException)
        {
            throw new PduFormatException("The PDU ends too early.");
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new PduFormatException("The PDU ends too early.");
        }
    }

    /// <summary>True when a PDU as <c>+CMGL</c> lists it (SMSC field first) is an SMS-STATUS-REPORT (TP-MTI 10), not an SMS-DELIVER.</summary>
    public static bool IsStatusReport(string hex)
    {
        try
        {
            var pdu = Convert.FromHexString(hex.Trim());
            return pdu.Length > 1 + pdu[0] && (pdu[1 + pdu[0]] & 0x03) == 2;
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>Decodes an SMS-STATUS-REPORT as a modem stores (<c>+CDSI</c>, then <c>+CMGL</c>) or shows it (<c>+CDS</c>): the SMSC address,
    /// then TP-MTI, TP-MR, TP-RA, TP-SCTS, TP-DT, TP-ST; the optional parameters after TP-ST are ignored.</summary>
    public static StatusReport DecodeStatusReport(string hex)
    {
        byte[] pdu;
        try { pdu = Convert.FromHexString(hex.Trim()); }
        catch (FormatException) { throw new PduFormatException("The PDU is not hexadecimal."); }
        try
        {
            var p = 1 + pdu[0];
            var first = pdu[p++];
            if ((first & 0x03) != 2) throw new PduFormatException($"Not an SMS-STATUS-REPORT (message type {first & 0x03}).");
            var reference = pdu[p++];
            var digits = pdu[p++];
            var toa = pdu[p++];
            var (recipient, _) = DecodeAddress(pdu.AsSpan(p, (digits + 1) / 2), digits, toa);
            p += (digits + 1) / 2;
            var received = DecodeTimestamp(pdu.AsSpan(p, 7));
            var discharged = DecodeTimestamp(pdu.AsSpan(p + 7, 7));
            return new StatusReport(reference, recipient, received, discharged, pdu[p + 14]);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new PduFormatException("The PDU ends too early.");
        }
    }

    /// <summary>Decodes an SMS-SUBMIT (SMSC field first), as a modem receives it after <c>AT+CMGS</c>: the destination, the text and the part.</summary>
    public static (string Destination, string Text, ConcatenationInfo? Part) DecodeSubmit(string hex)
    {
        var pdu = Convert.FromHexString(hex.Trim());
        var p = 1 + pdu[0];
        var first = pdu[p++];
        if ((first & 0x03) != 1) throw new PduFormatException("Not an SMS-SUBMIT.");
        p++; // TP-MR
        var digits = pdu[p++];
        var toa = pdu[p++];
        var (destination, _) = DecodeAddress(pdu.AsSpan(p, (digits + 1) / 2), digits, toa);
        p += (digits + 1) / 2 + 1; // address, TP-PID
        var coding = CodingOf(pdu[p++]);
        p += ((first >> 3) & 0x03) switch { 0 => 0, 2 => 1, _ => 7 }; // TP-VP: none, relative or 7 octets
        var (payload, part) = ReadUserData(pdu.AsSpan(p), (first & 0x40) != 0, coding);
        return (destination, DecodePayload(coding, payload), part);
    }

    /// <summary>TP-UDL and TP-UD: the payload (septets or octets) without the user data header, and the concatenation the header announces.</summary>
    private static (byte[] Payload, ConcatenationInfo? Part) ReadUserData(ReadOnlySpan<byte> data, bool hasHeader, SmsCoding coding)
    {
        var udl = data[0];
        var ud = data[1..];
        ConcatenationInfo? part = null;
        var headerOctets = 0;
        if (hasHeader)
        {
            headerOctets = ud[0] + 1;
            part = ParseConcatenation(ud.Slice(1, ud[0]));
        }
        if (coding == SmsCoding.Gsm7)
        {
            var headerSeptets = (headerOctets * 8 + 6) / 7;
            if ((udl * 7 + 7) / 8 > ud.Length) throw new PduFormatException("The user data is shorter than its length says.");
            var all = Gsm7.Unpack(ud, udl);
            return (all.AsSpan(Math.Min(headerSeptets, all.Length)).ToArray(), part);
        }
        if (udl > ud.Length) throw new PduFormatException("The user data is shorter than its length says.");
        return (ud[headerOctets..udl].ToArray(), part);
    }

    public static string DecodePayload(SmsCoding coding, ReadOnlySpan<byte> payload) => coding switch
    {
        SmsCoding.Gsm7 => Gsm7.FromSeptets(payload),
        SmsCoding.Ucs2 => Encoding.BigEndianUnicode.GetString(payload), // UTF-16BE: surrogate pairs (emoji) decode as such
        _ => Encoding.Latin1.GetString(payload), // 8-bit data: shown byte for byte
    };

    /// <summary>TP-DCS (TS 23.038 §4): the general data coding groups, message-waiting groups and group 1111.</summary>
    private static SmsCoding CodingOf(byte dcs)
    {
        switch (dcs >> 4)
        {
            case <= 0x7:
                if ((dcs & 0x20) != 0) throw new PduFormatException("Compressed user data is not supported.");
                return ((dcs >> 2) & 0x03) switch { 1 => SmsCoding.EightBit, 2 => SmsCoding.Ucs2, _ => SmsCoding.Gsm7 };
            case 0xC or 0xD: return SmsCoding.Gsm7;
            case 0xE: return SmsCoding.Ucs2;
            case 0xF: return (dcs & 0x04) != 0 ? SmsCoding.EightBit : SmsCoding.Gsm7;
            default: return SmsCoding.EightBit; // reserved groups: keep the bytes
        }
    }

    private static (string, AddressKind) DecodeAddress(ReadOnlySpan<byte> value, int digits, byte toa)
    {
        var ton = (toa >> 4) & 0x07;
        if (ton == 5) return (Gsm7.FromSeptets(Gsm7.Unpack(value, digits * 4 / 7)), AddressKind.Alphanumeric);
        var number = new StringBuilder(digits + 1);
        if (ton == 1) number.Append('+');
        for (var i = 0; i < digits; i++)
        {
            var nibble = i % 2 == 0 ? value[i / 2] & 0x0F : value[i / 2] >> 4;
            if (nibble == 0x0F) break;
            number.Append("0123456789*#abc"[nibble]);
        }
        return (number.ToString(), ton == 1 ? AddressKind.International : AddressKind.National);
    }

    /// <summary>TP-SCTS (TS 23.040 §9.2.3.11): semi-octet swapped YYMMDDhhmmss (years 70–99 are 1970–1999) and the zone in quarters of an hour, bit 3 its sign.</summary>
    private static DateTimeOffset DecodeTimestamp(ReadOnlySpan<byte> scts)
    {
        static int Bcd(byte b) => (b & 0x0F) * 10 + (b >> 4);
        var quarters = (scts[6] & 0x07) * 10 + (scts[6] >> 4);
        var offset = TimeSpan.FromMinutes(15 * ((scts[6] & 0x08) != 0 ? -quarters : quarters));
        try
        {
            var year = Bcd(scts[0]);
            return new DateTimeOffset(year < 70 ? 2000 + year : 1900 + year, Bcd(scts[1]), Bcd(scts[2]), Bcd(scts[3]), Bcd(scts[4]), Bcd(scts[5]), offset);
        }
        catch (ArgumentException)
        {
            throw new PduFormatException("The service centre time stamp is not a valid time.");
        }
    }

    private static ConcatenationInfo? ParseConcatenation(ReadOnlySpan<byte> header)
    {
        for (var i = 0; i + 1 < header.Length; i += 2 + header[i + 1])
        {
            var (id, length) = (header[i], header[i + 1]);
            if (i + 2 + length > header.Length) break;
            var ie = header.Slice(i + 2, length);
            if (id == 0x00 && length == 3 && ie[1] > 0 && ie[2] >= 1 && ie[2] <= ie[1]) return new(ie[0], ie[1], ie[2], false);
            if (id == 0x08 && length == 4 && ie[2] > 0 && ie[3] >= 1 && ie[3] <= ie[2]) return new(ie[0] << 8 | ie[1], ie[2], ie[3], true);
        }
        return null;
    }

    /// <summary>Encodes a reply as SMS-SUBMIT PDUs for <c>AT+CMGS=&lt;length&gt;</c>: GSM 7-bit when every character fits, UCS-2 otherwise,
    /// split into concatenated parts (8-bit reference <paramref name="reference"/>) when it does not fit one SMS. The SMSC field is <c>00</c>
    /// (the SIM's default service centre); validity period relative, 4 days.</summary>
    /// <param name="requestStatusReport">Sets TP-SRR, so the service centre sends an SMS-STATUS-REPORT for each part (docs/delivery-reports.md).</param>
    public static IReadOnlyList<SubmitPdu> EncodeSubmit(string destination, string text, byte reference = 0, bool requestStatusReport = false)
    {
        var septets = Gsm7.ToSeptets(text);
        var parts = septets is not null ? SplitGsm7(septets) : SplitUcs2(text);
        var result = new List<SubmitPdu>(parts.Count);
        for (var i = 0; i < parts.Count; i++)
        {
            var concat = parts.Count > 1 ? new ConcatenationInfo(reference, parts.Count, i + 1, false) : null;
            result.Add(EncodeOne(destination, septets is not null ? SmsCoding.Gsm7 : SmsCoding.Ucs2, parts[i], concat, requestStatusReport));
        }
        return result;
    }

    private static List<byte[]> SplitGsm7(byte[] septets)
    {
        if (septets.Length <= SingleGsm7Septets) return [septets];
        var parts = new List<byte[]>();
        for (var start = 0; start < septets.Length;)
        {
            var length = Math.Min(PartGsm7Septets, septets.Length - start);
            if (start + length < septets.Length && septets[start + length - 1] == 0x1B) length--; // never split an escape from its character
            parts.Add(septets[start..(start + length)]);
            start += length;
        }
        return parts;
    }

    private static List<byte[]> SplitUcs2(string text)
    {
        if (text.Length <= SingleUcs2Units) return [Encoding.BigEndianUnicode.GetBytes(text)];
        var parts = new List<byte[]>();
        for (var start = 0; start < text.Length;)
        {
            var length = Math.Min(PartUcs2Units, text.Length - start);
            if (start + length < text.Length && char.IsHighSurrogate(text[start + length - 1])) length--; // keep surrogate pairs whole
            parts.Add(Encoding.BigEndianUnicode.GetBytes(text.Substring(start, length)));
            start += length;
        }
        return parts;
    }

    private static SubmitPdu EncodeOne(string destination, SmsCoding coding, byte[] payload, ConcatenationInfo? concat, bool requestStatusReport)
    {
        // SMS-SUBMIT, VP relative, SRR, UDHI; TP-MR 0
        var tpdu = new List<byte> { (byte)(0x01 | 0x10 | (requestStatusReport ? 0x20 : 0) | (concat is null ? 0 : 0x40)), 0x00 };
        var international = destination.StartsWith('+');
        var digits = new string([.. destination.Where(char.IsAsciiDigit)]);
        if (digits.Length == 0) throw new ArgumentException("The destination has no digits.", nameof(destination));
        tpdu.Add((byte)digits.Length);
        tpdu.Add((byte)(international ? 0x91 : 0x81));
        for (var i = 0; i < digits.Length; i += 2)
            tpdu.Add((byte)((digits[i] - '0') | ((i + 1 < digits.Length ? digits[i + 1] - '0' : 0x0F) << 4)));
        tpdu.Add(0x00); // TP-PID
        tpdu.Add(coding == SmsCoding.Ucs2 ? (byte)0x08 : (byte)0x00);
        tpdu.Add(0xAA); // TP-VP: 4 days

        byte[] header = concat is null ? [] : [0x05, 0x00, 0x03, (byte)concat.Reference, (byte)concat.Total, (byte)concat.Sequence];
        if (coding == SmsCoding.Gsm7)
        {
            var headerSeptets = (header.Length * 8 + 6) / 7;
            tpdu.Add((byte)(headerSeptets + payload.Length));
            var packed = Gsm7.Pack(payload, headerSeptets * 7 - header.Length * 8);
            tpdu.AddRange(header);
            tpdu.AddRange(packed);
        }
        else
        {
            tpdu.Add((byte)(header.Length + payload.Length));
            tpdu.AddRange(header);
            tpdu.AddRange(payload);
        }
        return new SubmitPdu("00" + Convert.ToHexString([.. tpdu]), tpdu.Count);
    }
}

/// <summary>One SMS-SUBMIT: the hex to write after <c>AT+CMGS=<see cref="TpduLength"/></c> (the SMSC octet is not counted).</summary>
public sealed record SubmitPdu(string Hex, int TpduLength);
