using SmsCallback.Application.Accounts.Lockout;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Sms.Parsing;
using SmsCallback.Application.Sms.Texts;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Sms.ProcessInboundSms;

/// <summary>Who is acting (docs/product.md §2): with U and P both present, the login decides (number authorisation is not used);
/// otherwise the sender's number must be registered to an active account. Failed logins count towards a lockout.
/// A refusal before an account is known is worded in the sender's replies' language (the sender's, else the access number's);
/// a blocked account's in the account's own.</summary>
public sealed class SmsAuthorizer(IAccountRepository accounts, IPasswordHasher passwordHasher, LoginGuard guard, IReplyTexts texts)
{
    public async Task<(Account? Account, SmsOutcome? Refusal)> AuthoriseAsync(
        SmsCommand command, string? sender, RegisteredPhone? senderPhone, Lazy<Task<Replies>> senderReplies, CancellationToken ct)
    {
        var trusted = senderPhone is not null;
        if (command.HasCredentials)
        {
            var login = command.Login!;
            if (await guard.IsLockedAsync(login, sender, ct)) return (null, new((await senderReplies.Value).LockedOut, trusted, "Locked out"));

            var account = await accounts.FindByLoginAsync(login, ct);
            var check = account is { Role: AccountRole.Client } ? passwordHasher.Verify(account.PasswordHash, command.Password!) : PasswordCheck.Failed;
            if (check == PasswordCheck.Failed)
            {
                guard.RecordFailure(login, sender);
                return (null, new((await senderReplies.Value).LoginFailed, trusted, "Login failed"));
            }
            await guard.RecordSuccessAsync(login, ct);
            return account!.IsActive ? (account, null) : (null, new(texts.In(account.Language).AccountBlocked, true, "Account blocked"));
        }

        if (senderPhone is null) return (null, new((await senderReplies.Value).UnknownSender, false, "Unknown sender"));
        var owner = await accounts.GetAsync(senderPhone.AccountId, ct);
        if (owner is { IsActive: true }) return (owner, null);
        var replies = owner is null ? await senderReplies.Value : texts.In(owner.Language);
        return (null, new(replies.AccountBlocked, true, "Account blocked"));
    }
}
