using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Phonebook.ListPhonebook;

namespace SmsCallback.Application.Phonebook.ReorderPhonebook;

/// <summary>Put the phonebook in a new order: <paramref name="Order"/> lists every entry id exactly once, first to last.</summary>
public sealed record ReorderPhonebookCommand(Guid AccountId, IReadOnlyList<Guid> Order) : ICommand<Result<IReadOnlyList<PhonebookEntryDto>>>;

public sealed class ReorderPhonebookHandler(IPhonebookRepository phonebook)
    : ICommandHandler<ReorderPhonebookCommand, Result<IReadOnlyList<PhonebookEntryDto>>>
{
    public async ValueTask<Result<IReadOnlyList<PhonebookEntryDto>>> Handle(ReorderPhonebookCommand command, CancellationToken ct)
    {
        var entries = await phonebook.ListAsync(command.AccountId, ct);
        if (command.Order.Count != entries.Count || command.Order.Distinct().Count() != entries.Count ||
            !entries.All(e => command.Order.Contains(e.Id)))
            return Error.Invalid("order", "List every entry of the phonebook exactly once.");

        var byId = entries.ToDictionary(e => e.Id);
        for (var i = 0; i < command.Order.Count; i++) byId[command.Order[i]].MoveTo(i + 1);
        return Result<IReadOnlyList<PhonebookEntryDto>>.Ok(PhonebookEntryDto.From([.. command.Order.Select(id => byId[id])]));
    }
}
