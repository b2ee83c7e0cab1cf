using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Accounts;

public enum LedgerReason { TopUp = 0, LotInitialBalance = 1, Adjustment = 2, CallCharge = 3 }

/// <summary>One change of an account's balance. The balance is always the sum of the account's entries (billing builds on it).</summary>
public sealed class LedgerEntry
{
    public const int MaxNoteLength = 256;

    private LedgerEntry() { }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public decimal Amount { get; private set; }
    public LedgerReason Reason { get; private set; }
    public string? Note { get; private set; }
    public DateTimeOffset At { get; private set; }

    internal static LedgerEntry Create(Guid accountId, decimal amount, LedgerReason reason, string? note, DateTimeOffset now)
    {
        if (amount == 0) throw new DomainException("A ledger entry changes the balance.");
        if (note is { Length: > MaxNoteLength }) throw new DomainException($"A note has at most {MaxNoteLength} characters.");
        return new LedgerEntry { Id = Guid.CreateVersion7(now), AccountId = accountId, Amount = amount, Reason = reason, Note = note, At = now };
    }
}
