using SmsCallback.Application.Accounts.RegisterPhone;
using SmsCallback.Application.Callbacks;
using SmsCallback.Application.Callbacks.Admission;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Sms.Parsing;
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

/// <summary>Carries out a parsed, authorised SMS command (docs/product.md §2).</summary>
public sealed class SmsCommandExecutor(
    SmsAuthorizer authorizer,
    IRegisteredPhoneRepository registeredPhones,
    IPhonebookRepository phonebook,
    CallbackAdmission admission,
    PhoneNumberNormalizer phones,
    PhoneRegistrar registrar,
    AccessNumbers.IAccessNumberRepository accessNumbers)
{
    public async Task<SmsOutcome> ExecuteAsync(InboundSms sms, string? sender, CancellationToken ct)
    {
        var senderPhone = sender is null ? null : await registeredPhones.FindByNumberAsync(sender, ct);
        var parsed = SmsCommandParser.Parse(sms.CommandText());
        if (parsed.Command is not { } command)
            return new(Replies.For(parsed.Errors), senderPhone is not null, "Parse error: " + parsed.Errors[0].Code);
        if (command.Action == SmsAction.Help) return new(Replies.Help, senderPhone is not null, "Help");
        if (command.Action == SmsAction.ConfirmPhone) return await ConfirmPhoneAsync(command.Code!, sender, ct);

        var (account, refusal) = await authorizer.AuthoriseAsync(command, sender, senderPhone, ct);
        if (account is null) return refusal!;

        // The source may be omitted only when the sender's number belongs to the authorised account.
        var registeredSender = senderPhone?.AccountId == account.Id ? sender : null;
        return command.Action switch
        {
            SmsAction.Register => await RegisterAsync(command.RegisterNumber!, account, sender, ct),
            SmsAction.Status => Status(command, account, sender ?? sms.From),
            SmsAction.PhonebookName or SmsAction.PhonebookIndex => await CallPhonebookAsync(command, account, registeredSender, sender ?? sms.From, sms, ct),
            _ => phones.TryNormalize(command.Destination, out var destination)
                ? await RequestCallbackAsync(command, account, registeredSender, sender ?? sms.From, destination, sms, ct)
                : new(Replies.InvalidNumber("destination", command.Destination!), true, "Invalid destination"),
        };
    }

    private async Task<SmsOutcome> RequestCallbackAsync(SmsCommand command, Account account, string? registeredSender, string requester,
        string destination, InboundSms sms, CancellationToken ct)
    {
        string source;
        if (command.Source is not null)
        {
            if (!phones.TryNormalize(command.Source, out source)) return new(Replies.InvalidNumber("source", command.Source), true, "Invalid source");
        }
        else if (registeredSender is not null) source = registeredSender;
        else return new(Replies.SourceRequired, true, "Source required");

        var writtenTo = string.IsNullOrEmpty(sms.To) ? null : await accessNumbers.FindByNumberAsync(sms.Channel, AccessNumber.KeyOf(sms.To), ct);
        var admitted = await admission.AdmitAsync(account, new(CallbackOrigin.Sms, source, destination, sms.Id, requester, writtenTo), ct);
        return admitted.Refusal is { } refusal
            ? new(Replies.For(refusal), true, $"Refused: {refusal.Reason}")
            : new(Replies.Calling(source, destination), true, "Callback requested", admitted.Callback);
    }

    private async Task<SmsOutcome> CallPhonebookAsync(SmsCommand command, Account account, string? registeredSender, string requester,
        InboundSms sms, CancellationToken ct)
    {
        var entries = await phonebook.ListAsync(account.Id, ct);
        var entry = PhonebookLookup.Find(entries, command.PhonebookName, command.PhonebookIndex);
        if (entry is null)
            return command.Action == SmsAction.PhonebookName
                ? new(Replies.NoPhonebookName(command.PhonebookName!), true, "No such phonebook name")
                : new(Replies.NoPhonebookIndex(command.PhonebookIndex!.Value, entries.Count), true, "No such phonebook position");
        return await RequestCallbackAsync(command, account, registeredSender, requester, entry.Number, sms, ct);
    }

    private SmsOutcome Status(SmsCommand command, Account account, string sender)
    {
        var to = sender;
        if (command.Source is not null && !phones.TryNormalize(command.Source, out to))
            return new(Replies.InvalidNumber("O", command.Source), true, "Invalid status receiver");
        return new(null, true, "Status requested", StatusTo: new StatusRequest(account.Id, to));
    }

    /// <summary>R. of the sender's own number registers it at once (the SMS proves it); any other number gets a one-time code,
    /// with the same reply whether or not another account owns it.</summary>
    private async Task<SmsOutcome> RegisterAsync(string typed, Account account, string? sender, CancellationToken ct)
    {
        if (!phones.TryNormalize(typed, out var number)) return new(Replies.InvalidNumber("phone", typed), true, "Invalid number");
        if (number == sender)
        {
            var (_, refusal) = await registrar.RegisterAsync(account.Id, number, ct);
            return refusal is { } r ? Refused(r, number) : new(Replies.Registered(number), true, "Number registered");
        }
        var (sent, codeRefusal) = await registrar.SendCodeAsync(account.Id, number, ct);
        return codeRefusal is { } cr ? Refused(cr, number)
            : new(Replies.PhoneCodeSent(number, registrar.Limits.PhoneCodeLifetime), true, "Code sent", AlsoSend: sent!.SmsId);
    }

    /// <summary>A one-time code sent back from the number it was sent to; needs no login (the sender's number is what it proves).</summary>
    private async Task<SmsOutcome> ConfirmPhoneAsync(string code, string? sender, CancellationToken ct)
    {
        if (sender is null) return new(Replies.PhoneCodeRefused, false, "Code from an invalid number");
        var (_, refusal, expected) = await registrar.ConfirmBySmsAsync(sender, code, ct);
        return refusal is { } r
            ? new(Replies.For(r, sender, registrar.Limits.MaxPhones), expected, $"Code refused: {r}")
            : new(Replies.Registered(sender), true, "Number registered");
    }

    private SmsOutcome Refused(PhoneRefusal refusal, string number) =>
        new(Replies.For(refusal, number, registrar.Limits.MaxPhones), true, $"Not registered: {refusal}");
}
