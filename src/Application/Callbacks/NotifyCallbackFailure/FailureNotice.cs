using SmsCallback.Application.Sms.Texts;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.NotifyCallbackFailure;

/// <summary>The SMS that tells a customer why a callback failed (docs/callback-policies.md): one reply key per reason the customer can
/// act on. Reasons the customer caused or already heard (they rejected or hung up, the IVR told them) get none.</summary>
public sealed class FailureNotice(ReplyCatalog catalog)
{
    /// <summary>The reply key for a failure reason; null when no SMS is sent for it.</summary>
    public static string? KeyFor(FailureReason reason) => reason switch
    {
        FailureReason.SourceBusy => "FailedSourceBusy",
        FailureReason.SourceNoAnswer => "FailedSourceNoAnswer",
        FailureReason.DestinationBusy => "FailedDestinationBusy",
        FailureReason.DestinationNoAnswer => "FailedDestinationNoAnswer",
        FailureReason.InsufficientCredit => "FailedNoCredit",
        FailureReason.SwitchError or FailureReason.Timeout => "FailedSwitchError",
        _ => null,
    };

    /// <summary>The text for <paramref name="account"/>, fitted to one SMS; null when the reason gets no SMS or there is no destination to
    /// name (an ANI callback that failed before the customer dialled one). English until accounts have a language of their own.</summary>
    public string? Text(Account account, Callback callback, FailureReason reason)
    {
        _ = account; // the account's language chooses the text once accounts have one (issue 17, languages)
        var destination = callback.Destination ?? callback.Leg(LegKind.B)?.Number;
        if (KeyFor(reason) is not { } key || destination is null) return null;
        var values = new Dictionary<string, string>(StringComparer.Ordinal) { ["source"] = callback.Source, ["destination"] = destination };
        return ReplyCatalog.FitOneSms(ReplyCatalog.Render(catalog.Template(ReplyCatalog.Reference, key), values));
    }
}
