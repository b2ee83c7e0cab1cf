namespace SmsCallback.Domain.Common;

/// <summary>The caller IDs shown on the two legs of a callback: stored on an access number, on an account, and on each callback as
/// decided when it was admitted. Each is an E.164 number, or null for "the default".</summary>
public static class CallerIds
{
    public const int MaxLength = 16;

    public static void Check(string? legA, string? legB)
    {
        if (legA is not null && !E164.IsValid(legA)) throw new DomainException($"The caller ID '{legA}' is not an E.164 number.");
        if (legB is not null && !E164.IsValid(legB)) throw new DomainException($"The caller ID '{legB}' is not an E.164 number.");
    }
}
