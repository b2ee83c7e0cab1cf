using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Phonebook.RemovePhonebookEntry;

/// <summary>Remove a shortcut; the entries after it move up one position.</summary>
public sealed record RemovePhonebookEntryCommand(Guid AccountId, Guid EntryId) : ICommand<Result<bool>>;

public sealed class RemovePhonebookEntryHandler(IPhonebookRepository phonebook)
    : ICommandHandler<RemovePhonebookEntryCommand, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(RemovePhonebookEntryCommand command, CancellationToken ct)
    {
        var entry = (await phonebook.ListAsync(command.AccountId, ct)).FirstOrDefault(e => e.Id == command.EntryId);
        if (entry is null) return Error.NotFound("No such phonebook entry.");
        phonebook.Remove(entry);
        return true;
    }
}
