using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Notices;
using SmsCallback.Application.Sms.Texts;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Accounts.RegisterPhone;

/// <summary>Why a number was not registered (or a code not sent or not accepted). Each origin turns it into its own answer.</summary>
public enum PhoneRefusal { AlreadyYours, Taken, TooManyPhones, NotAllowed, TooManyCodes, NoCode, Wrong, Expired, NoAttemptsLeft }

/// <summary>A code on its way: <paramref name="SmsId"/> is the SMS to hand to the sender after the commit (none for a number of another
/// account, which gets the same answer but no SMS and a claim that never completes).</summary>
public sealed record CodeSent(string Number, DateTimeOffset ExpiresAt, Guid? SmsId);

/// <summary>The rules every way of registering a phone shares (ADR 0016): at most <see cref="AccountsOptions.MaxPhones"/> per account,
/// a number belongs to one account, and a customer proves a number with a one-time code sent to it by SMS. Changes are tracked, not
/// saved: the caller commits them with its own unit of work, even when a try of a code is refused (the attempt must count).</summary>
public sealed class PhoneRegistrar(
    IRegisteredPhoneRepository phones, IPhoneVerificationRepository verifications, IPhoneCodes codes, IOutboundSmsRepository outbox,
    IBlockedPrefixRepository blockedPrefixes, IOptions<AccountsOptions> options, IOptions<NoticesOptions> notices, TimeProvider clock,
    IAccountRepository accounts, IReplyTexts texts)
{
    public AccountsOptions Limits => options.Value;

    /// <summary>Registers at once: an operator's registration, or <c>R.</c> sent from the number itself.</summary>
    public async Task<(RegisteredPhone? Phone, PhoneRefusal? Refusal)> RegisterAsync(Guid accountId, string number, CancellationToken ct)
    {
        var owner = await phones.FindByNumberAsync(number, ct);
        if (owner is not null) return (null, owner.AccountId == accountId ? PhoneRefusal.AlreadyYours : PhoneRefusal.Taken);
        if (await IsFullAsync(accountId, ct)) return (null, PhoneRefusal.TooManyPhones);
        var phone = RegisteredPhone.Create(accountId, number, clock.GetUtcNow());
        phones.Add(phone);
        return (phone, null);
    }

    /// <summary>Sends a new code to the number (an older open one of the account for it stops working). The answer for a number of
    /// another account is the same as for a free one; only the SMS is not sent.</summary>
    public async Task<(CodeSent? Sent, PhoneRefusal? Refusal)> SendCodeAsync(Guid accountId, string number, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var owner = await phones.FindByNumberAsync(number, ct);
        if (owner?.AccountId == accountId) return (null, PhoneRefusal.AlreadyYours);
        if (await IsFullAsync(accountId, ct)) return (null, PhoneRefusal.TooManyPhones);
        if (await blockedPrefixes.AnyPrefixOfAsync(number, ct)) return (null, PhoneRefusal.NotAllowed);
        var (toNumber, byAccount) = await verifications.CountSentSinceAsync(number, accountId, now - Limits.PhoneCodeWindow, ct);
        if (toNumber >= Limits.PhoneCodesPerNumber || byAccount >= Limits.PhoneCodesPerAccount) return (null, PhoneRefusal.TooManyCodes);

        foreach (var older in await verifications.ListOpenForAccountAsync(accountId, now, ct))
            if (older.Number == number) older.Supersede(now);
        var code = codes.NewCode();
        var claim = PhoneVerification.Create(accountId, number, codes.Hash(accountId, number, code), now, Limits.PhoneCodeLifetime, Limits.PhoneCodeAttempts);
        verifications.Add(claim);
        if (owner is not null) return (new CodeSent(number, claim.ExpiresAt, null), null);

        // In the language of the account that asked: the holder of the phone is (normally) that customer.
        var replies = texts.In((await accounts.GetAsync(accountId, ct))?.Language);
        var sms = OutboundSms.Create(OutboundSmsKind.VerificationCode, notices.Value.Channel, number, null, replies.PhoneCode(code, Limits.PhoneCodeLifetime), null, now);
        outbox.Add(sms);
        return (new CodeSent(number, claim.ExpiresAt, sms.Id), null);
    }

    /// <summary>A code typed by the customer (the API): checked against the account's newest claim on the number.</summary>
    public async Task<(RegisteredPhone? Phone, PhoneRefusal? Refusal)> ConfirmAsync(Guid accountId, string number, string code, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var claim = await verifications.FindNewestUnusedAsync(accountId, number, ct);
        if (claim is null) return (null, PhoneRefusal.NoCode);
        var owner = await phones.FindByNumberAsync(number, ct);
        if (owner is null && claim.IsOpen(now) && await IsFullAsync(accountId, ct)) return (null, PhoneRefusal.TooManyPhones);

        // Another account's number never completes: even the right code (which its owner never got) counts as wrong.
        var matches = codes.Matches(claim.CodeHash, accountId, number, code) && (owner is null || owner.AccountId == accountId);
        return claim.Try(matches, now) switch
        {
            CodeCheck.Accepted => (owner ?? Add(accountId, number, now), null),
            CodeCheck.Wrong => (null, PhoneRefusal.Wrong),
            CodeCheck.Expired => (null, PhoneRefusal.Expired),
            CodeCheck.NoAttemptsLeft => (null, PhoneRefusal.NoAttemptsLeft),
            _ => (null, PhoneRefusal.NoCode),
        };
    }

    /// <summary>A code sent back by SMS from the number itself: checked against every account's open claim on it. A wrong code counts
    /// as a try of each, so a forged sender gains nothing over the API.</summary>
    public async Task<(RegisteredPhone? Phone, PhoneRefusal? Refusal, bool Expected)> ConfirmBySmsAsync(string number, string code, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var claims = await verifications.ListOpenForNumberAsync(number, now, ct);
        if (claims.Count == 0) return (null, PhoneRefusal.NoCode, false);
        var owner = await phones.FindByNumberAsync(number, ct);

        PhoneVerification? match = null;
        foreach (var claim in claims) // every hash is compared, so the time taken does not tell which claim matched
            if (codes.Matches(claim.CodeHash, claim.AccountId, number, code) && (owner is null || owner.AccountId == claim.AccountId)) match ??= claim;
        if (match is null)
        {
            foreach (var claim in claims) claim.Try(false, now);
            return (null, PhoneRefusal.Wrong, true);
        }
        if (owner is null && await IsFullAsync(match.AccountId, ct)) return (null, PhoneRefusal.TooManyPhones, true);
        match.Try(true, now);
        return (owner ?? Add(match.AccountId, number, now), null, true);
    }

    /// <summary>The error an API answers with.</summary>
    public Error ToError(PhoneRefusal refusal) => refusal switch
    {
        PhoneRefusal.AlreadyYours => Error.Conflict("This number is already registered to the account."),
        PhoneRefusal.Taken => Error.Conflict("This number is already registered."),
        PhoneRefusal.TooManyPhones => Error.Conflict($"An account may register at most {Limits.MaxPhones} phones."),
        PhoneRefusal.NotAllowed => Error.Invalid("number", "This number cannot be registered."),
        PhoneRefusal.TooManyCodes => Error.TooManyRequests("Too many codes were asked for. Try again later."),
        PhoneRefusal.Wrong => Error.Invalid("code", "Wrong code."),
        PhoneRefusal.Expired => Error.Invalid("code", "The code has expired: ask for a new code."),
        PhoneRefusal.NoAttemptsLeft => Error.Invalid("code", "Too many wrong codes: ask for a new code."),
        _ => Error.Invalid("code", "No code is waiting for this number: ask for a new code."),
    };

    private RegisteredPhone Add(Guid accountId, string number, DateTimeOffset now)
    {
        var phone = RegisteredPhone.Create(accountId, number, now);
        phones.Add(phone);
        return phone;
    }

    private async Task<bool> IsFullAsync(Guid accountId, CancellationToken ct) => await phones.CountByAccountAsync(accountId, ct) >= Limits.MaxPhones;
}
