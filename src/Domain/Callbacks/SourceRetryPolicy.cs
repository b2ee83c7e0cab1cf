namespace SmsCallback.Domain.Callbacks;

/// <summary>How often leg A is tried again when the customer's phone is busy or does not answer, and after how long
/// (docs/callback-policies.md). <see cref="None"/>: the first busy or unanswered leg A fails the callback.</summary>
public sealed record SourceRetryPolicy(int Retries, TimeSpan Interval)
{
    public static readonly SourceRetryPolicy None = new(0, TimeSpan.Zero);
}
