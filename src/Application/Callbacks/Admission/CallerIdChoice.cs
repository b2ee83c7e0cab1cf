using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Callbacks.Admission;

/// <summary>What each leg of a new callback shows (docs/switches.md, Caller ID; ADR 0042). The account's choice wins over the access
/// number's. Leg A, the customer's phone, shows by default the access number the customer wrote to or rang, so they recognise the
/// callback; a web callback has no access number and shows the switch's default unless the account sets one. Leg B, the person called,
/// shows by default the customer's own number (the source), as if the customer had dialled them.</summary>
public static class CallerIdChoice
{
    public static (string? LegA, string? LegB) For(Account account, AccessNumber? accessNumber, string source) =>
        (account.CallerIdA ?? accessNumber?.CallerIdA ?? accessNumber?.OwnCallerId,
         account.CallerIdB ?? accessNumber?.CallerIdB ?? source);
}
