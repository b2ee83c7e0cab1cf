using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Accounts;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Common.Validation;
using SmsCallback.Application.Phonebook.ListPhonebook;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Phonebook.AddPhonebookEntry;

/// <summary>Add a shortcut at the end of the customer's phonebook (at most <see cref="AccountsOptions.MaxPhonebookEntries"/>).</summary>
public sealed record AddPhonebookEntryCommand(Guid AccountId, string Name, string Number) : ICommand<Result<PhonebookEntryDto>>;

public sealed class AddPhonebookEntryValidator : AbstractValidator<AddPhonebookEntryCommand>
{
    public AddPhonebookEntryValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(c => c.Name).MustBePhonebookName();
        RuleFor(c => c.Number).MustBePhoneNumber(phones);
    }
}

public sealed class AddPhonebookEntryHandler(
    IAccountRepository accounts, IPhonebookRepository phonebook, PhoneNumberNormalizer phones, IUnitOfWork unitOfWork, TimeProvider clock,
    IOptions<AccountsOptions> limits)
    : ICommandHandler<AddPhonebookEntryCommand, Result<PhonebookEntryDto>>
{
    public async ValueTask<Result<PhonebookEntryDto>> Handle(AddPhonebookEntryCommand command, CancellationToken ct)
    {
        if (await accounts.GetAsync(command.AccountId, ct) is null) return Error.NotFound("No such account.");
        var entries = await phonebook.ListAsync(command.AccountId, ct);
        var name = PhonebookEntry.NormalizeName(command.Name);
        if (entries.Any(e => e.Name == name)) return NameTaken;
        if (entries.Count >= limits.Value.MaxPhonebookEntries)
            return Error.Conflict($"A phonebook holds at most {limits.Value.MaxPhonebookEntries} entries: remove one first.");

        phones.TryNormalize(command.Number, out var number);
        var entry = PhonebookEntry.Create(command.AccountId, name, number, entries.Count == 0 ? 1 : entries[^1].Position + 1, clock.GetUtcNow());
        phonebook.Add(entry);
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            return NameTaken;
        }
        return new PhonebookEntryDto(entry.Id, entries.Count + 1, entry.Name, entry.Number);
    }

    private static Error NameTaken => Error.Conflict("The phonebook already has this name.");
}
