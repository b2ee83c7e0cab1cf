using SmsCallback.Application.Sms.Texts;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.NotifyCallbackFailure;

/// <summary>The SMS that tells a customer why a callback failed (docs/callback-policies.md): one reply key per reason the customer can
/// act on. Reasons the customer caused or already heard (they rejected or hung up, the IVR told them) get none.</summary>
public sealed class FailureNotice(IReplyTexts texts)
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

    /// <summary>The text for <paramref name="account"/>, in its language (and the operator's wording, when there is one), fitted to one
    /// SMS; null when the reason gets no SMS or there is no destination to name (an ANI callback that failed before the customer dialled).</summary>
    public string? Text(Account account, Callback callback, FailureReason reason)
    {
        var destination = callback.Destination ?? callback.Leg(LegKind.B)?.Number;
        if (KeyFor(reason) is not { } key || destination is null) return null;
        return texts.Render(account.Language, key, ("source", callback.Source), ("destination", destination));
    }
}
