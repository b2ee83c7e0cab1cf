using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.ReceiveInboundSms;

/// <summary>The inbox's single writer (group commit, docs/adr/0037-group-committed-inbox.md): many delivered SMS are stored per
/// transaction, and each caller's task completes only after the commit that holds its SMS, so an acknowledgement always means stored.
/// A (channel, message id) stored already, or twice in one batch, answers as a duplicate with the stored id; a row the database
/// refuses fails only its own caller. New SMS are handed to processing (<c>IInboundSmsQueue</c>) after their commit.</summary>
public interface IInboxWriter
{
    Task<ReceiveInboundSmsResult> StoreAsync(InboundSms sms, CancellationToken ct);

    /// <summary>Completes once every SMS acknowledged before the call can be read from <c>InboundSms</c> (on SQLite an acknowledged SMS
    /// reaches it from the landing file a few milliseconds after its answer: docs/adr/0055-inbox-landing-file.md), or after
    /// <paramref name="atMost"/>, whichever comes first. For the views that show the inbox: what was acknowledged is listed.</summary>
    Task ReadableAsync(TimeSpan atMost, CancellationToken ct);
}

/// <summary>The database refused to store this SMS (nothing of it is stored): the API answers 503, so the channel delivers it again.</summary>
public sealed class InboxWriteException(Exception inner) : Exception("The SMS could not be stored.", inner);
