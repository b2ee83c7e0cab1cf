using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Phonebook.ListPhonebook;

public sealed record ListPhonebookQuery(Guid AccountId) : IQuery<Result<IReadOnlyList<PhonebookEntryDto>>>;

/// <param name="Index">The 1-based position a customer dials as <c>N&lt;index&gt;</c>.</param>
public sealed record PhonebookEntryDto(Guid Id, int Index, string Name, string Number)
{
    public static IReadOnlyList<PhonebookEntryDto> From(IReadOnlyList<PhonebookEntry> entries) =>
        [.. entries.Select((e, i) => new PhonebookEntryDto(e.Id, i + 1, e.Name, e.Number))];
}

public sealed class ListPhonebookHandler(IAccountRepository accounts, IPhonebookRepository phonebook)
    : IQueryHandler<ListPhonebookQuery, Result<IReadOnlyList<PhonebookEntryDto>>>
{
    public async ValueTask<Result<IReadOnlyList<PhonebookEntryDto>>> Handle(ListPhonebookQuery query, CancellationToken ct)
    {
        if (await accounts.GetAsync(query.AccountId, ct) is null) return Error.NotFound("No such account.");
        return Result<IReadOnlyList<PhonebookEntryDto>>.Ok(PhonebookEntryDto.From(await phonebook.ListAsync(query.AccountId, ct)));
    }
}
