using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Callbacks;

/// <summary>The phonebook entry a callback asks for, the same way for every origin (SMS <c>B.name</c> and <c>N2</c>, web
/// <c>phonebookName</c> and <c>phonebookIndex</c>): by name as names are stored (<see cref="PhonebookEntry.NormalizeName"/>), or by
/// 1-based position in the customer's order.</summary>
public static class PhonebookLookup
{
    public static PhonebookEntry? Find(IReadOnlyList<PhonebookEntry> entries, string? name, int? position)
    {
        if (name is not null) return entries.FirstOrDefault(e => e.Name == PhonebookEntry.NormalizeName(name));
        return position is { } p && p >= 1 && p <= entries.Count ? entries[p - 1] : null;
    }
}
