using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Accounts.RegisterPhone;
using SmsCallback.Application.Callbacks;
using SmsCallback.Application.Callbacks.Admission;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Sms.Parsing;
using SmsCallback.Application.Sms.Texts;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.ProcessInboundSms;

/// <summary>What an SMS led to. <paramref name="Trusted"/>: the sender is registered or logged in, so replies are not throttled.
/// <paramref name="Callback"/>: admitted and already added (<see cref="CallbackAdmission"/>): saved with the reply, then dispatched.
/// <paramref name="StatusTo"/>: the account's status SMS goes there (composed by a job), in place of a reply.
/// <paramref name="AlsoSend"/>: another SMS the outcome queued (a one-time code), handed to the sender after the commit.</summary>
public sealed record SmsOutcome(string? Reply, bool Trusted, string Summary, Callback? Callback = null, StatusRequest? StatusTo = null,
    Guid? AlsoSend = null);

public sealed record StatusRequest(Guid AccountId, string To);

/// <summary>Carries out a parsed, authorised SMS command (docs/product.md §2). Replies are in the account's language; before an account is
/// known, in the language of the sender's account when the number is registered, else the access number's, else the default
/// (docs/languages.md).</summary>
public sealed class SmsCommandExecutor(
    SmsAuthorizer authorizer,
    IRegisteredPhoneRepository registeredPhones,
    IPhonebookRepository phonebook,
    CallbackAdmission admission,
    PhoneNumberNormalizer phones,
    PhoneRegistrar registrar,
    IAccountRepository accounts,
    IAccessNumberRepository accessNumbers,
    IReplyTexts texts)
{
    public async Task<SmsOutcome> ExecuteAsync(InboundSms sms, string? sender, CancellationToken ct)
    {
        var senderPhone = sender is null ? null : await registeredPhones.FindByNumberAsync(sender, ct);
        // The access number written to, read at most once: for the reply's language and the callback's caller IDs.
        var writtenTo = new Lazy<Task<AccessNumber?>>(() => WrittenToAsync(sms, ct));
        // Read only when a reply must be worded before the account is known: a callback from a registered phone costs no extra query.
        var senderReplies = new Lazy<Task<Replies>>(async () => senderPhone is not null && await accounts.GetAsync(senderPhone.AccountId, ct) is { } owner
            ? texts.In(owner.Language)
            : texts.In((await writtenTo.Value)?.Language));
        var parsed = SmsCommandParser.Parse(sms.CommandText());
        if (parsed.Command is not { } command)
            return new((await senderReplies.Value).For(parsed.Errors), senderPhone is not null, "Parse error: " + parsed.Errors[0].Code);
        if (command.Action == SmsAction.Help) return new((await senderReplies.Value).Help, senderPhone is not null, "Help");
        if (command.Action == SmsAction.ConfirmPhone) return await ConfirmPhoneAsync(command.Code!, sender, await senderReplies.Value, ct);

        var (account, refusal) = await authorizer.AuthoriseAsync(command, sender, senderPhone, senderReplies, ct);
        if (account is null) return refusal!;

        // An account whose language nobody chose takes the language of the access number it writes to, once.
        if (!account.LanguageChosen && (await writtenTo.Value)?.Language is { } adopted && texts.Has(adopted)) account.AdoptLanguage(adopted);
        var replies = texts.In(account.Language);

        // The source may be omitted only when the sender's number belongs to the authorised account.
        var registeredSender = senderPhone?.AccountId == account.Id ? sender : null;
        return command.Action switch
        {
            SmsAction.Register => await RegisterAsync(command.RegisterNumber!, account, sender, replies, ct),
            SmsAction.Status => Status(command, account, sender ?? sms.From, replies),
            SmsAction.Language => ChangeLanguage(command.Language!, account, replies),
            SmsAction.PhonebookName or SmsAction.PhonebookIndex =>
                await CallPhonebookAsync(command, account, registeredSender, sender ?? sms.From, sms, writtenTo, replies, ct),
            _ => phones.TryNormalize(command.Destination, out var destination)
                ? await RequestCallbackAsync(command, account, registeredSender, sender ?? sms.From, destination, sms, writtenTo, replies, ct)
                : new(replies.InvalidNumber("destination", command.Destination!), true, "Invalid destination"),
        };
    }

    /// <summary>The access number the SMS was sent to, when it is registered.</summary>
    private async Task<AccessNumber?> WrittenToAsync(InboundSms sms, CancellationToken ct) =>
        string.IsNullOrEmpty(sms.To) ? null : await accessNumbers.FindByNumberAsync(sms.Channel, AccessNumber.KeyOf(sms.To), ct);

    /// <summary><c>L.pl</c>: the account's language from now on; the confirmation is already in the new language.</summary>
    private SmsOutcome ChangeLanguage(string typed, Account account, Replies replies)
    {
        if (!texts.Has(typed)) return new(replies.UnknownLanguage(typed), true, "Unknown language");
        account.ChangeLanguage(typed);
        return new(texts.In(account.Language).LanguageChanged, true, "Language changed");
    }

    private async Task<SmsOutcome> RequestCallbackAsync(SmsCommand command, Account account, string? registeredSender, string requester,
        string destination, InboundSms sms, Lazy<Task<AccessNumber?>> writtenTo, Replies replies, CancellationToken ct)
    {
        string source;
        if (command.Source is not null)
        {
            if (!phones.TryNormalize(command.Source, out source)) return new(replies.InvalidNumber("source", command.Source), true, "Invalid source");
        }
        else if (registeredSender is not null) source = registeredSender;
        else return new(replies.SourceRequired, true, "Source required");

        var admitted = await admission.AdmitAsync(account, new(CallbackOrigin.Sms, source, destination, sms.Id, requester, await writtenTo.Value), ct);
        return admitted.Refusal is { } refusal
            ? new(replies.For(refusal), true, $"Refused: {refusal.Reason}")
            : new(replies.Calling(source, destination), true, "Callback requested", admitted.Callback);
    }

    private async Task<SmsOutcome> CallPhonebookAsync(SmsCommand command, Account account, string? registeredSender, string requester,
        InboundSms sms, Lazy<Task<AccessNumber?>> writtenTo, Replies replies, CancellationToken ct)
    {
        var entries = await phonebook.ListAsync(account.Id, ct);
        var entry = PhonebookLookup.Find(entries, command.PhonebookName, command.PhonebookIndex);
        if (entry is null)
            return command.Action == SmsAction.PhonebookName
                ? new(replies.NoPhonebookName(command.PhonebookName!), true, "No such phonebook name")
                : new(replies.NoPhonebookIndex(command.PhonebookIndex!.Value, entries.Count), true, "No such phonebook position");
        return await RequestCallbackAsync(command, account, registeredSender, requester, entry.Number, sms, writtenTo, replies, ct);
    }

    private SmsOutcome Status(SmsCommand command, Account account, string sender, Replies replies)
    {
        var to = sender;
        if (command.Source is not null && !phones.TryNormalize(command.Source, out to))
            return new(replies.InvalidNumber("O", command.Source), true, "Invalid status receiver");
        return new(null, true, "Status requested", StatusTo: new StatusRequest(account.Id, to));
    }

    /// <summary>R. of the sender's own number registers it at once (the SMS proves it); any other number gets a one-time code,
    /// with the same reply whether or not another account owns it.</summary>
    private async Task<SmsOutcome> RegisterAsync(string typed, Account account, string? sender, Replies replies, CancellationToken ct)
    {
        if (!phones.TryNormalize(typed, out var number)) return new(replies.InvalidNumber("phone", typed), true, "Invalid number");
        if (number == sender)
        {
            var (_, refusal) = await registrar.RegisterAsync(account.Id, number, ct);
            return refusal is { } r ? Refused(r, number, replies) : new(replies.Registered(number), true, "Number registered");
        }
        var (sent, codeRefusal) = await registrar.SendCodeAsync(account.Id, number, ct);
        return codeRefusal is { } cr ? Refused(cr, number, replies)
            : new(replies.PhoneCodeSent(number, registrar.Limits.PhoneCodeLifetime), true, "Code sent", AlsoSend: sent!.SmsId);
    }

    /// <summary>A one-time code sent back from the number it was sent to; needs no login (the sender's number is what it proves).</summary>
    private async Task<SmsOutcome> ConfirmPhoneAsync(string code, string? sender, Replies replies, CancellationToken ct)
    {
        if (sender is null) return new(replies.PhoneCodeRefused, false, "Code from an invalid number");
        var (_, refusal, expected) = await registrar.ConfirmBySmsAsync(sender, code, ct);
        return refusal is { } r
            ? new(replies.For(r, sender, registrar.Limits.MaxPhones), expected, $"Code refused: {r}")
            : new(replies.Registered(sender), true, "Number registered");
    }

    private SmsOutcome Refused(PhoneRefusal refusal, string number, Replies replies) =>
        new(replies.For(refusal, number, registrar.Limits.MaxPhones), true, $"Not registered: {refusal}");
}
