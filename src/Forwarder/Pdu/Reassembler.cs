namespace SmsCallback.Forwarder.Pdu;

/// <summary>A whole SMS: one part alone, or the parts of a concatenated message joined in sequence order.
/// <see cref="Key"/> is stable for the same parts, whatever order they came in.</summary>
public sealed record AssembledSms(string Key, string Sender, DateTimeOffset ServiceCentreTime, string Text, int Parts, bool Incomplete);

/// <summary>Joins concatenated parts, which may arrive in any order. Parts are grouped by (sender, reference, total, reference size);
/// a group that stays incomplete longer than the timeout is delivered as it is, with what arrived (as gammu does after 600 s).</summary>
public static class Reassembler
{
    public sealed record Part(DeliveredSms Sms, DateTimeOffset ReceivedAt);

    /// <summary>The messages <paramref name="parts"/> make now, and which parts each used; parts of unfinished groups within the timeout stay.</summary>
    public static IReadOnlyList<(AssembledSms Sms, IReadOnlyList<Part> Used)> Assemble(IEnumerable<Part> parts, DateTimeOffset now, TimeSpan timeout)
    {
        var result = new List<(AssembledSms, IReadOnlyList<Part>)>();
        foreach (var group in parts.GroupBy(p => p.Sms.Part is { } c ? (p.Sms.Sender, Reference: c.Reference, Total: c.Total, Wide: c.SixteenBitReference, Single: "") :
                     (p.Sms.Sender, Reference: -1, Total: 1, Wide: false, Single: p.Sms.Key)))
        {
            var bySequence = group.GroupBy(p => p.Sms.Part?.Sequence ?? 1).Select(g => g.OrderBy(p => p.ReceivedAt).First())
                .OrderBy(p => p.Sms.Part?.Sequence ?? 1).ToList();
            var total = group.Key.Total;
            var complete = bySequence.Count == total;
            var expired = now - group.Min(p => p.ReceivedAt) >= timeout;
            if (!complete && !expired) continue;

            var first = bySequence[0].Sms;
            var payload = bySequence.SelectMany(p => p.Sms.Payload).ToArray();
            var key = string.Concat(bySequence.Select(p => p.Sms.Key));
            if (bySequence.Count > 1) key = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(key)))[..32];
            var text = bySequence.All(p => p.Sms.Coding == first.Coding) ? SmsPdu.DecodePayload(first.Coding, payload)
                : string.Concat(bySequence.Select(p => p.Sms.Text));
            result.Add((new AssembledSms(key, first.Sender, first.ServiceCentreTime, text, bySequence.Count, !complete), group.ToList()));
        }
        return result;
    }
}
