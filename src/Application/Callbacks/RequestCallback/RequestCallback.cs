using FluentValidation;
using Mediator;
using SmsCallback.Application.Callbacks.Admission;
using SmsCallback.Application.Common.Behaviours;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.RequestCallback;

/// <summary>A customer starts a callback through the API (web callback): to a number, a phonebook name or a phonebook position, from one
/// of the account's registered phones (default: the first). The checks are <see cref="CallbackAdmission"/>'s, as for every origin. Another
/// callback may take the account's credit first: then the request is checked again against the fresh balance. Dispatched once saved, or
/// at <paramref name="At"/> (within the next 24 h; its credit is held from now, docs/callback-policies.md).</summary>
public sealed record RequestCallbackCommand(Guid AccountId, string? Destination, string? PhonebookName, int? PhonebookIndex, string? Source,
    DateTimeOffset? At = null)
    : ICommand<Result<Guid>>, IRetryOnConflict;

public sealed class RequestCallbackValidator : AbstractValidator<RequestCallbackCommand>
{
    public RequestCallbackValidator(TimeProvider clock)
    {
        RuleFor(c => c.At).Must(at => at > clock.GetUtcNow()).When(c => c.At is not null)
            .WithName("at").WithMessage("'at' must be a time in the future (with its UTC offset, as in 2026-12-02T18:30:00+01:00).");
        RuleFor(c => c.At).Must(at => at <= clock.GetUtcNow() + CallbackPolicyOptions.MaxScheduleAhead).When(c => c.At is not null)
            .WithName("at").WithMessage("'at' must be within the next 24 hours.");
        RuleFor(c => c).Must(c => new[] { c.Destination is not null, c.PhonebookName is not null, c.PhonebookIndex is not null }.Count(x => x) == 1)
            .WithName("destination").WithMessage("Give exactly one of destination, phonebookName or phonebookIndex.");
        RuleFor(c => c.PhonebookIndex).InclusiveBetween(1, 9999).When(c => c.PhonebookIndex is not null);
    }
}

public sealed class RequestCallbackHandler(
    IAccountRepository accounts, IRegisteredPhoneRepository phones, IPhonebookRepository phonebook, CallbackAdmission admission,
    PhoneNumberNormalizer normalizer, Sms.Texts.IReplyTexts texts)
    : ICommandHandler<RequestCallbackCommand, Result<Guid>>
{
    public async ValueTask<Result<Guid>> Handle(RequestCallbackCommand command, CancellationToken ct)
    {
        var account = await accounts.GetAsync(command.AccountId, ct);
        if (account is null) return Error.Forbidden("No such account.");
        var destination = await DestinationAsync(command, account.Id, ct);
        if (destination.Error is { } badDestination) return badDestination;
        var source = await SourceAsync(command.Source, account.Id, ct);
        if (source.Error is { } badSource) return badSource;

        var admitted = await admission.AdmitAsync(account, new(CallbackOrigin.Web, source.Value!, destination.Value, At: command.At), ct);
        return admitted.Refusal is { } refusal ? Refused(refusal) : admitted.Callback!.Id;
    }

    private async Task<Result<string>> DestinationAsync(RequestCallbackCommand command, Guid accountId, CancellationToken ct)
    {
        if (command.Destination is not null)
            return normalizer.TryNormalize(command.Destination, out var number)
                ? number : Error.Invalid("destination", $"'{command.Destination}' is not a valid phone number.");
        var entry = PhonebookLookup.Find(await phonebook.ListAsync(accountId, ct), command.PhonebookName, command.PhonebookIndex);
        return entry is not null ? entry.Number
            : Error.Invalid(command.PhonebookName is not null ? "phonebookName" : "phonebookIndex", "No such phonebook entry.");
    }

    /// <summary>The phone rung first must be one of the account's own registered phones (default: the first one), so a web callback cannot
    /// ring a number its customer never proved to be theirs.</summary>
    private async Task<Result<string>> SourceAsync(string? typed, Guid accountId, CancellationToken ct)
    {
        var own = await phones.ListByAccountAsync(accountId, ct);
        if (typed is null)
            return own.Count > 0 ? own[0].Number : Error.Invalid("source", "The account has no registered phone: give a source.");
        if (!normalizer.TryNormalize(typed, out var source)) return Error.Invalid("source", $"'{typed}' is not a valid phone number.");
        return own.Any(p => p.Number == source) ? source : Error.Invalid("source", "The source must be one of your registered phones.");
    }

    /// <summary>The reply an SMS would get, with the status code that fits: 402 for money, 409 for too many calls, else 403. In English,
    /// as every message of the API is (docs/languages.md).</summary>
    private Error Refused(CallbackRefusal refusal)
    {
        var message = texts.In(Sms.Texts.ReplyCatalog.Reference).For(refusal);
        if (refusal.IsAboutMoney) return Error.PaymentRequired(message);
        return refusal.IsTooManyCalls ? Error.Conflict(message) : Error.Forbidden(message);
    }
}
