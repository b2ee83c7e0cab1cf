using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Infrastructure.Switching.Asterisk;

/// <summary>One channel of a callback and which of its events were already reported (each is reported once, in order).</summary>
internal sealed class AriLeg(string channelId, LegKind kind, string number, bool described = true)
{
    public string ChannelId { get; } = channelId;
    public LegKind Kind { get; } = kind;
    public string Number { get; set; } = number;

    /// <summary>We know the leg's number and plan: we dialled it, or read its <c>appArgs</c>. False for a leg first seen in an event
    /// without them (its StasisStart then fills them in).</summary>
    public bool Described { get; set; } = described;
    public bool DialingReported { get; set; }
    public bool RingingReported { get; set; }
    public bool Answered { get; set; }
    public bool Ended { get; set; }

    /// <summary>The last <c>dialstatus</c> of the <c>Dial</c> events of this channel (RINGING, BUSY, NOANSWER, CONGESTION…).</summary>
    public string? DialStatus { get; set; }

    /// <summary>Prompts playing to this channel: playback id → the prompt as the application gave it.</summary>
    public Dictionary<string, string> Prompts { get; } = [];
}

/// <summary>A callback on Asterisk: its legs, the destination still to dial when A answers, its bridge and its time limit.
/// Guarded by locking the session itself.</summary>
internal sealed class AriSession(Guid callbackId, DateTimeOffset createdAt)
{
    private readonly List<AriLeg> _legs = [];
    private int _bLegs;

    public Guid CallbackId { get; } = callbackId;
    public DateTimeOffset CreatedAt { get; } = createdAt;
    public string BridgeId { get; } = AriChannelIds.BridgeFor(callbackId);
    public string? PendingDestination { get; set; }
    public TimeSpan? MaxDuration { get; set; }
    /// <summary>The caller ID leg A shows.</summary>
    public string? CallerId { get; set; }

    /// <summary>The caller ID each B leg shows.</summary>
    public string? CallerIdB { get; set; }
    public bool BridgeCreated { get; set; }
    public ITimer? MaxTimeTimer { get; set; }

    public AriLeg? A => _legs.LastOrDefault(l => l.Kind == LegKind.A);

    /// <summary>The newest B leg.</summary>
    public AriLeg? B => _legs.LastOrDefault(l => l.Kind == LegKind.B);

    public IEnumerable<AriLeg> LiveLegs => _legs.Where(l => !l.Ended);

    public bool Finished => _legs.Count > 0 && _legs.All(l => l.Ended);

    public AriLeg? Find(string channelId) => _legs.Find(l => l.ChannelId == channelId);

    /// <summary>A new leg with the next channel id (<c>-a</c>, <c>-b1</c>, <c>-b2</c>…).</summary>
    public AriLeg Add(LegKind kind, string number) =>
        Track(new AriLeg(AriChannelIds.For(CallbackId, kind, kind == LegKind.B ? ++_bLegs : 1), kind, number));

    /// <summary>A leg first seen in an event (dialled by another instance, or before a restart).</summary>
    public AriLeg Track(AriLeg leg)
    {
        _legs.Add(leg);
        if (leg.Kind == LegKind.B && AriChannelIds.TryParseIndex(leg.ChannelId) is { } index) _bLegs = Math.Max(_bLegs, index);
        return leg;
    }

    public void Remove(AriLeg leg) => _legs.Remove(leg);

    public void StopTimer()
    {
        MaxTimeTimer?.Dispose();
        MaxTimeTimer = null;
    }
}
