using SmsCallback.Domain.Common;

namespace SmsCallback.Domain.Accounts;

/// <summary>A shortcut a customer calls by name (<c>B.office</c>) or by position (<c>N2</c>, 1-based, in the customer's order).
/// Names are case-insensitive: stored lower-case, unique per account.</summary>
public sealed class PhonebookEntry
{
    public const int MaxNameLength = 32;

    private PhonebookEntry() { Name = ""; Number = ""; }

    public Guid Id { get; private set; }
    public Guid AccountId { get; private set; }
    public string Name { get; private set; }
    public string Number { get; private set; }

    /// <summary>Sort key of the customer's order; positions shown to customers are 1-based ranks of this key.</summary>
    public int Position { get; private set; }

    public static PhonebookEntry Create(Guid accountId, string name, string e164Number, int position, DateTimeOffset now)
    {
        var entry = new PhonebookEntry { Id = Guid.CreateVersion7(now), AccountId = accountId, Position = position };
        entry.Update(name, e164Number);
        return entry;
    }

    public static string NormalizeName(string name) => name.Trim().ToLowerInvariant();

    public static bool IsValidName(string? name) =>
        !string.IsNullOrWhiteSpace(name) && name.Trim().Length <= MaxNameLength && !name.Trim().Any(c => char.IsWhiteSpace(c) || char.IsControl(c));

    public void Update(string name, string e164Number)
    {
        if (!IsValidName(name)) throw new DomainException($"A phonebook name has 1 to {MaxNameLength} characters and no spaces.");
        if (!E164.IsValid(e164Number)) throw new DomainException($"'{e164Number}' is not an E.164 number.");
        Name = NormalizeName(name);
        Number = e164Number;
    }

    public void MoveTo(int position) => Position = position;
}
