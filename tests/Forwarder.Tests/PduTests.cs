using SmsCallback.Forwarder.Pdu;

namespace SmsCallback.Forwarder.Tests;

public sealed class PduTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 26, 10, 15, 32, TimeSpan.FromHours(1));

    [Fact]
    public void Decodes_the_published_hellohello_deliver_pdu()
    {
        // Lars Pettersson, "SMS and the PDU format" (dreamfabric.com/sms/deliver_fo.html example, also in many modem guides):
        // SMSC +27381000015, sender 27838890001 (type C8), 1999-03-29 15:16:59 +02:00 (08 quarters), 7-bit "hellohello".
        var sms = SmsPdu.DecodeDeliver("07917283010010F5040BC87238880900F10000993092516195800AE8329BFD4697D9EC37");

        Assert.Equal("27838890001", sms.Sender);
        Assert.Equal(AddressKind.National, sms.SenderKind);
        Assert.Equal(new DateTimeOffset(1999, 3, 29, 15, 16, 59, TimeSpan.FromHours(2)), sms.ServiceCentreTime);
        Assert.Equal("hellohello", sms.Text);
        Assert.Null(sms.Part);
    }

    [Fact]
    public void Encodes_the_published_hellohello_submit_pdu()
    {
        // Same source (dreamfabric.com/sms/submit_fo.html): to +46708251358, VP relative AA, 7-bit "hellohello", AT+CMGS=23.
        var pdus = SmsPdu.EncodeSubmit("+46708251358", "hellohello");

        var pdu = Assert.Single(pdus);
        Assert.Equal("0011000B916407281553F80000AA0AE8329BFD4697D9EC37", pdu.Hex);
        Assert.Equal(23, pdu.TpduLength);
        Assert.Equal(("+46708251358", "hellohello", (ConcatenationInfo?)null), SmsPdu.DecodeSubmit(pdu.Hex));
    }

    [Fact]
    public void Decodes_the_published_alphanumeric_address()
    {
        // Wikipedia, "GSM 03.40", Addresses: "Design@Home" = 14 D0 C4 F2 3C 7D 76 03 90 EF 76 19 (20 semi-octets, TON 5 alphanumeric).
        var hex = "00" + "04" + "14D0C4F23C7D760390EF7619" + "0000" + "62116201512340" + "02" + "C834"; // text "Hi"
        var sms = SmsPdu.DecodeDeliver(hex);

        Assert.Equal("Design@Home", sms.Sender);
        Assert.Equal(AddressKind.Alphanumeric, sms.SenderKind);
        Assert.Equal("Hi", sms.Text);
        Assert.Equal(Time, sms.ServiceCentreTime); // "40": four quarters = UTC+1, as in 27.005's "+04"
    }

    [Fact]
    public void Decodes_a_negative_time_zone_in_quarters_of_an_hour()
    {
        // 29 = semi-octets swapped "92": sign bit (0x08) set, 12 quarters → UTC-3.
        var sms = SmsPdu.DecodeDeliver("0004" + "0B918406306150F8" + "0000" + "62116201512329" + "02C834");

        Assert.Equal("+48600316058", sms.Sender);
        Assert.Equal(AddressKind.International, sms.SenderKind);
        Assert.Equal(new DateTimeOffset(2026, 11, 26, 10, 15, 32, TimeSpan.FromHours(-3)), sms.ServiceCentreTime);
    }

    [Fact]
    public void Decodes_7_bit_extension_characters()
    {
        // "€" is escape 0x1B + 0x65 (TS 23.038 §6.2.1.1): septets 1B 65 pack to 9B 32.
        Assert.Equal("€", SmsPdu.DecodeDeliver("0004" + "0B918406306150F8" + "0000" + "62116201512340" + "02" + "9B32").Text);

        const string text = "Price: 5€ {a|b} [x] ~^\\ done";
        var sms = SmsPdu.DecodeDeliver(DeliverPduBuilder.Build("+48600316058", text, Time));
        Assert.Equal(text, sms.Text);
        Assert.Equal(SmsCoding.Gsm7, sms.Coding);
    }

    [Fact]
    public void Decodes_ucs2_with_emoji_surrogate_pairs()
    {
        // "Hi 😀" in UTF-16BE: 0048 0069 0020 D83D DE00 (U+1F600 as a surrogate pair); DCS 08.
        var sms = SmsPdu.DecodeDeliver("0004" + "0B918406306150F8" + "0008" + "62116201512340" + "0A" + "004800690020D83DDE00");
        Assert.Equal("Hi 😀", sms.Text);

        const string text = "Zażółć gęślą jaźń 👍🏽 D.48774417880";
        Assert.Equal(text, SmsPdu.DecodeDeliver(DeliverPduBuilder.Build("+48600316058", text, Time)).Text);
    }

    [Fact]
    public void Decodes_national_numbers_and_eight_bit_data()
    {
        var sms = SmsPdu.DecodeDeliver("0004" + "09A1" + "06306150F8" + "0004" + "62116201512340" + "03" + "414243");

        Assert.Equal("600316058", sms.Sender);
        Assert.Equal(AddressKind.National, sms.SenderKind);
        Assert.Equal(SmsCoding.EightBit, sms.Coding);
        Assert.Equal("ABC", sms.Text);
    }

    [Theory]
    [InlineData("")]
    [InlineData("zz")]
    [InlineData("0004")]
    [InlineData("07917283010010F5040BC87238880900F10000993092516195800AE8329B")] // cut short
    public void Rejects_malformed_pdus(string hex) => Assert.Throws<PduFormatException>(() => SmsPdu.DecodeDeliver(hex));

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reassembles_multipart_messages_out_of_order(bool sixteenBit)
    {
        var parts = new[] { "Part one, ", "part two 😀 ", "and three." };
        var pdus = parts.Select((p, i) => DeliverPduBuilder.Build("+48600316058", p, Time, (sixteenBit ? 0x1234 : 0x42, 3, i + 1, sixteenBit), ucs2: true))
            .ToArray();
        var decoded = new[] { pdus[2], pdus[0], pdus[1] }.Select(SmsPdu.DecodeDeliver).ToList();
        Assert.Equal(sixteenBit ? 0x1234 : 0x42, decoded[0].Part!.Reference);

        var now = DateTimeOffset.UtcNow;
        var incomplete = Reassembler.Assemble(decoded.Take(2).Select(d => new Reassembler.Part(d, now)), now, TimeSpan.FromMinutes(10));
        Assert.Empty(incomplete);

        var whole = Assert.Single(Reassembler.Assemble(decoded.Select(d => new Reassembler.Part(d, now)), now, TimeSpan.FromMinutes(10)));
        Assert.Equal(string.Concat(parts), whole.Sms.Text);
        Assert.Equal(3, whole.Sms.Parts);
        Assert.False(whole.Sms.Incomplete);
        Assert.Equal(3, whole.Used.Count);

        var reordered = Reassembler.Assemble(decoded.AsEnumerable().Reverse().Select(d => new Reassembler.Part(d, now)), now, TimeSpan.FromMinutes(10));
        Assert.Equal(whole.Sms.Key, Assert.Single(reordered).Sms.Key); // the same key whatever the order
    }

    [Fact]
    public void Delivers_an_incomplete_message_after_the_timeout()
    {
        var first = SmsPdu.DecodeDeliver(DeliverPduBuilder.Build("+48600316058", "Only this part", Time, (7, 2, 1, false)));
        var received = DateTimeOffset.UtcNow;
        var part = new Reassembler.Part(first, received);

        Assert.Empty(Reassembler.Assemble([part], received.AddMinutes(9), TimeSpan.FromMinutes(10)));
        var late = Assert.Single(Reassembler.Assemble([part], received.AddMinutes(10), TimeSpan.FromMinutes(10)));
        Assert.True(late.Sms.Incomplete);
        Assert.Equal("Only this part", late.Sms.Text);
    }

    [Fact]
    public void A_gsm_septet_escape_split_across_parts_still_decodes()
    {
        // Septets of "a€b": 61 1B 65 62; the escape ends part 1, its character starts part 2.
        static string Part(int seq, byte[] septets) => "0044" + "0B918406306150F8" + "0000" + "62116201512340" + "09" +
            $"05000309020{seq}" + Convert.ToHexString(Gsm7.Pack(septets, fillBits: 1)); // 6 header octets + 1 fill bit = 7 septets, + 2
        var one = SmsPdu.DecodeDeliver(Part(1, [0x61, 0x1B]));
        var two = SmsPdu.DecodeDeliver(Part(2, [0x65, 0x62]));
        Assert.Equal([0x61, 0x1B], one.Payload);
        var whole = Assert.Single(Reassembler.Assemble([new(two, Time), new(one, Time)], Time, TimeSpan.FromMinutes(1)));
        Assert.Equal("a€b", whole.Sms.Text);
    }

    [Theory]
    [InlineData(160, 1)]
    [InlineData(161, 2)]
    [InlineData(306, 2)]
    [InlineData(307, 3)]
    public void Splits_long_gsm_replies_at_153_septets(int length, int parts)
    {
        var text = string.Concat(Enumerable.Range(0, length).Select(i => (char)('a' + i % 26)));
        var pdus = SmsPdu.EncodeSubmit("+48600316058", text, reference: 5);

        Assert.Equal(parts, pdus.Count);
        var decoded = pdus.Select(p => SmsPdu.DecodeSubmit(p.Hex)).ToList();
        Assert.Equal(text, string.Concat(decoded.Select(d => d.Text)));
        Assert.All(decoded, d => Assert.Equal("+48600316058", d.Destination));
        if (parts > 1) Assert.Equal(Enumerable.Range(1, parts), decoded.Select(d => d.Part!.Sequence));
        Assert.All(pdus, p => Assert.Equal(p.Hex.Length / 2 - 1, p.TpduLength));
    }

    [Fact]
    public void Splits_ucs2_replies_without_breaking_surrogate_pairs_or_escapes()
    {
        var emoji = string.Concat(Enumerable.Repeat("😀", 40)); // 80 UTF-16 units
        var pdus = SmsPdu.EncodeSubmit("600316058", "x" + emoji);
        var decoded = pdus.Select(p => SmsPdu.DecodeSubmit(p.Hex)).ToList();
        Assert.Equal(2, decoded.Count);
        Assert.All(decoded, d => Assert.False(char.IsHighSurrogate(d.Text[^1])));
        Assert.Equal("x" + emoji, string.Concat(decoded.Select(d => d.Text)));
        Assert.Equal("600316058", decoded[0].Destination);

        var euros = new string('a', 152) + "€" + new string('b', 60); // the escape would be septet 153
        var parts = SmsPdu.EncodeSubmit("+48600316058", euros).Select(p => SmsPdu.DecodeSubmit(p.Hex).Text).ToList();
        Assert.Equal(new string('a', 152), parts[0]);
        Assert.Equal(euros, string.Concat(parts));
    }

    [Fact]
    public void Gsm7_packing_round_trips_with_fill_bits()
    {
        var septets = Gsm7.ToSeptets("The quick brown fox {€}")!;
        for (var fill = 0; fill < 7; fill++)
            Assert.Equal(septets, Gsm7.Unpack(Gsm7.Pack(septets, fill), septets.Length, fill));
    }
}
