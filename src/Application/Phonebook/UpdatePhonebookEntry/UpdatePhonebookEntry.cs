using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Common.Validation;
using SmsCallback.Application.Phonebook.ListPhonebook;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Phonebook.UpdatePhonebookEntry;

public sealed record UpdatePhonebookEntryCommand(Guid AccountId, Guid EntryId, string Name, string Number) : ICommand<Result<PhonebookEntryDto>>;

public sealed class UpdatePhonebookEntryValidator : AbstractValidator<UpdatePhonebookEntryCommand>
{
    public UpdatePhonebookEntryValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(c => c.Name).MustBePhonebookName();
        RuleFor(c => c.Number).MustBePhoneNumber(phones);
    }
}

public sealed class UpdatePhonebookEntryHandler(IPhonebookRepository phonebook, PhoneNumberNormalizer phones)
    : ICommandHandler<UpdatePhonebookEntryCommand, Result<PhonebookEntryDto>>
{
    public async ValueTask<Result<PhonebookEntryDto>> Handle(UpdatePhonebookEntryCommand command, CancellationToken ct)
    {
        var entries = await phonebook.ListAsync(command.AccountId, ct);
        var index = entries.ToList().FindIndex(e => e.Id == command.EntryId);
        if (index < 0) return Error.NotFound("No such phonebook entry.");
        var name = PhonebookEntry.NormalizeName(command.Name);
        if (entries.Any(e => e.Name == name && e.Id != command.EntryId)) return Error.Conflict("The phonebook already has this name.");

        phones.TryNormalize(command.Number, out var number);
        entries[index].Update(name, number);
        return new PhonebookEntryDto(entries[index].Id, index + 1, entries[index].Name, entries[index].Number);
    }
}
