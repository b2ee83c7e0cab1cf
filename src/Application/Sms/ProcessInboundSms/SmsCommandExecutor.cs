using SmsCallback.Application.Callbacks;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Sms.Parsing;
using SmsCallback.Domain.Accounts;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.Sms.ProcessInboundSms;

/// <summary>What an SMS led to. <paramref name="Trusted"/>: the sender is registered or logged in, so replies are not throttled.
/// <paramref name="StatusTo"/>: the account's status SMS goes there (composed by a job), in place of a reply.</summary>
public sealed record SmsOutcome(string? Reply, bool Trusted, string Summary, Callback? Callback = null, StatusRequest? StatusTo = null);

public sealed record StatusRequest(Guid AccountId, string To);

/// <summary>Carries out a parsed, authorised SMS command (product.md §2).</summary>
public sealed class SmsCommandExecutor(
    SmsAuthorizer authorizer,
    IRegisteredPhoneRepository registeredPhones,
    IPhonebookRepository phonebook,
    CallbackRateLimiter rateLimiter,
    Billing.CreditControl credit,
    PhoneNumberNormalizer phones,
    TimeProvider clock)
{
    public async Task<SmsOutcome> ExecuteAsync(InboundSms sms, string? sender, CancellationToken ct)
    {
        var senderPhone = sender is null ? null : await registeredPhones.FindByNumberAsync(sender, ct);
        var parsed = SmsCommandParser.Parse(sms.CommandText());
        if (parsed.Command is not { } command)
            return new(Replies.For(parsed.Errors), senderPhone is not null, "Parse error: " + parsed.Errors[0].Code);
        if (command.Action == SmsAction.Help) return new(Replies.Help, senderPhone is not null, "Help");

        var (account, refusal) = await authorizer.AuthoriseAsync(command, sender, senderPhone, ct);
        if (account is null) return refusal!;

        // The source may be omitted only when the sender's number belongs to the authorised account.
        var registeredSender = senderPhone?.AccountId == account.Id ? sender : null;
        return command.Action switch
        {
            SmsAction.Register => await RegisterAsync(command.RegisterNumber!, account, ct),
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

        if (!account.Services.HasFlag(AccountServices.SmsCallback)) return new(Replies.SmsCallbackDisabled, true, "SMS callback disabled");
        if (!await rateLimiter.AllowsAsync(account.Id, requester, ct)) return new(Replies.TooManyCalls, true, "Rate limited");

        var callback = Callback.Request(account.Id, source, destination, CallbackOrigin.Sms, sms.Id, clock.GetUtcNow(), requester);
        var admission = await credit.AdmitAsync(account, callback, ct);
        if (admission.Refusal is { } refusal) return new(Replies.For(refusal, destination, account), true, $"Refused: {refusal}");
        return new(Replies.Calling(source, destination), true, "Callback requested", callback);
    }

    private async Task<SmsOutcome> CallPhonebookAsync(SmsCommand command, Account account, string? registeredSender, string requester,
        InboundSms sms, CancellationToken ct)
    {
        var entries = await phonebook.ListAsync(account.Id, ct);
        var entry = command.Action == SmsAction.PhonebookName
            ? entries.FirstOrDefault(e => e.Name == command.PhonebookName)
            : command.PhonebookIndex <= entries.Count ? entries[command.PhonebookIndex!.Value - 1] : null;
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

    private async Task<SmsOutcome> RegisterAsync(string typed, Account account, CancellationToken ct)
    {
        if (!phones.TryNormalize(typed, out var number)) return new(Replies.InvalidNumber("phone", typed), true, "Invalid number");
        var owner = await registeredPhones.FindByNumberAsync(number, ct);
        if (owner is not null)
            return owner.AccountId == account.Id
                ? new(Replies.AlreadyRegistered(number), true, "Already registered")
                : new(Replies.RegisteredElsewhere(number), true, "Number taken");
        registeredPhones.Add(RegisteredPhone.Create(account.Id, number, clock.GetUtcNow()));
        return new(Replies.Registered(number), true, "Number registered");
    }
}
