using FluentValidation;
using Mediator;
using SmsCallback.Application.Callbacks.DispatchCallback;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Callbacks.RequestCallback;

/// <summary>A customer starts a callback through the API (web callback): to a number, a phonebook name or a phonebook position, from a
/// source that defaults to the account's first registered phone. The same checks as an SMS callback.</summary>
public sealed record RequestCallbackCommand(Guid AccountId, string? Destination, string? PhonebookName, int? PhonebookIndex, string? Source)
    : ICommand<Result<Guid>>;

public sealed class RequestCallbackValidator : AbstractValidator<RequestCallbackCommand>
{
    public RequestCallbackValidator()
    {
        RuleFor(c => c).Must(c => new[] { c.Destination is not null, c.PhonebookName is not null, c.PhonebookIndex is not null }.Count(x => x) == 1)
            .WithName("destination").WithMessage("Give exactly one of destination, phonebookName or phonebookIndex.");
        RuleFor(c => c.PhonebookIndex).InclusiveBetween(1, 9999).When(c => c.PhonebookIndex is not null);
    }
}

public sealed class RequestCallbackHandler(
    IAccountRepository accounts, IRegisteredPhoneRepository phones, IPhonebookRepository phonebook, ICallbackRepository callbacks,
    CallbackRateLimiter rateLimiter, Billing.CreditControl credit, PhoneNumberNormalizer normalizer, IUnitOfWork unitOfWork, ISender mediator,
    TimeProvider clock)
    : ICommandHandler<RequestCallbackCommand, Result<Guid>>
{
    /// <summary>Another callback may take the account's credit first: then the request is checked again against the fresh balance.</summary>
    public async ValueTask<Result<Guid>> Handle(RequestCallbackCommand command, CancellationToken ct) =>
        await Common.OptimisticConcurrency.RetryAsync(() => TryRequestAsync(command, ct));

    private async Task<Result<Guid>> TryRequestAsync(RequestCallbackCommand command, CancellationToken ct)
    {
        var account = await accounts.GetAsync(command.AccountId, ct);
        if (account is not { IsActive: true }) return Error.Forbidden("The account is blocked.");
        if (!account.Services.HasFlag(Domain.Accounts.AccountServices.WebCallback)) return Error.Forbidden("Web callback is not enabled for this account.");

        string destination;
        if (command.Destination is not null)
        {
            if (!normalizer.TryNormalize(command.Destination, out destination)) return Error.Invalid("destination", $"'{command.Destination}' is not a valid phone number.");
        }
        else
        {
            var entries = await phonebook.ListAsync(account.Id, ct);
            var entry = command.PhonebookName is not null
                ? entries.FirstOrDefault(e => e.Name == Domain.Accounts.PhonebookEntry.NormalizeName(command.PhonebookName))
                : command.PhonebookIndex <= entries.Count ? entries[command.PhonebookIndex!.Value - 1] : null;
            if (entry is null) return Error.Invalid(command.PhonebookName is not null ? "phonebookName" : "phonebookIndex", "No such phonebook entry.");
            destination = entry.Number;
        }

        string source;
        if (command.Source is not null)
        {
            if (!normalizer.TryNormalize(command.Source, out source)) return Error.Invalid("source", $"'{command.Source}' is not a valid phone number.");
        }
        else if ((await phones.ListByAccountAsync(account.Id, ct)).FirstOrDefault() is { } first) source = first.Number;
        else return Error.Invalid("source", "The account has no registered phone: give a source.");

        if (!await rateLimiter.AllowsAsync(account.Id, null, ct)) return Error.Conflict("Too many calls requested. Try again later.");

        var callback = Callback.Request(account.Id, source, destination, CallbackOrigin.Web, null, clock.GetUtcNow());
        var admission = await credit.AdmitAsync(account, callback, ct);
        if (admission.Refusal is { } refusal) return Refused(refusal, destination, account);
        callbacks.Add(callback);
        await unitOfWork.SaveChangesAsync(ct);
        await mediator.Send(new DispatchCallbackCommand(callback.Id), ct);
        return callback.Id;
    }

    /// <summary>The reply an SMS would get, with the status code that fits: 402 for money, 409 for too many calls, else 403.</summary>
    private static Error Refused(Billing.CallRefusal refusal, string destination, Domain.Accounts.Account account)
    {
        var message = Sms.Replies.For(refusal, destination, account);
        return refusal switch
        {
            Billing.CallRefusal.InsufficientCredit or Billing.CallRefusal.DailyCapReached => Error.PaymentRequired(message),
            Billing.CallRefusal.TooManyCallbacks => Error.Conflict(message),
            _ => Error.Forbidden(message),
        };
    }
}
