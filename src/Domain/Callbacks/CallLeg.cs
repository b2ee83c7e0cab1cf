namespace SmsCallback.Domain.Callbacks;

/// <summary>One call the switch placed for a callback: who was called, when it rang, was answered and ended, and why.</summary>
public sealed class CallLeg
{
    private CallLeg() { Number = ""; }

    public Guid Id { get; private set; }
    public Guid CallbackId { get; private set; }
    public LegKind Kind { get; private set; }
    public string Number { get; private set; }
    public LegState State { get; private set; }
    public string? SwitchCallId { get; private set; }
    public DateTimeOffset DialedAt { get; private set; }
    public DateTimeOffset? AnsweredAt { get; private set; }
    public DateTimeOffset? EndedAt { get; private set; }
    public int? HangupCause { get; private set; }

    /// <summary>Set when the leg is rated after it ended: the seconds charged, the price per minute and the cost, in the account's currency.</summary>
    public int? BilledSeconds { get; private set; }
    public decimal? RatePerMinute { get; private set; }
    public decimal? Cost { get; private set; }
    public bool IsRated => Cost is not null;

    internal static CallLeg Dial(Guid callbackId, LegKind kind, string number, string? switchCallId, DateTimeOffset at) => new()
    {
        Id = Guid.CreateVersion7(at),
        CallbackId = callbackId,
        Kind = kind,
        Number = number,
        State = LegState.Dialing,
        SwitchCallId = switchCallId,
        DialedAt = at,
    };

    internal void Ringing()
    {
        if (State == LegState.Dialing) State = LegState.Ringing;
    }

    internal void Answer(DateTimeOffset at)
    {
        if (State is LegState.Answered or LegState.Ended) return;
        State = LegState.Answered;
        AnsweredAt = at;
    }

    /// <returns>false when the leg had already ended (a repeated event).</returns>
    internal bool End(int cause, DateTimeOffset at)
    {
        if (State == LegState.Ended) return false;
        State = LegState.Ended;
        EndedAt = at;
        HangupCause = cause;
        return true;
    }

    public bool WasAnswered => AnsweredAt is not null;

    /// <returns>false when the leg was rated already (a repeated event must not charge twice).</returns>
    internal bool Rate(int billedSeconds, decimal ratePerMinute, decimal cost)
    {
        if (IsRated || State != LegState.Ended) return false;
        BilledSeconds = billedSeconds;
        RatePerMinute = ratePerMinute;
        Cost = cost;
        return true;
    }
}
