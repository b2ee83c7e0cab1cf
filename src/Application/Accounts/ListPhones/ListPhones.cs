using Mediator;
using SmsCallback.Application.Accounts.RegisterPhone;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Accounts.ListPhones;

public sealed record ListPhonesQuery(Guid AccountId) : IQuery<Result<IReadOnlyList<RegisteredPhoneDto>>>;

public sealed class ListPhonesHandler(IAccountRepository accounts, IRegisteredPhoneRepository phones)
    : IQueryHandler<ListPhonesQuery, Result<IReadOnlyList<RegisteredPhoneDto>>>
{
    public async ValueTask<Result<IReadOnlyList<RegisteredPhoneDto>>> Handle(ListPhonesQuery query, CancellationToken ct)
    {
        if (await accounts.GetAsync(query.AccountId, ct) is null) return Error.NotFound("No such account.");
        var list = await phones.ListByAccountAsync(query.AccountId, ct);
        return Result<IReadOnlyList<RegisteredPhoneDto>>.Ok([.. list.Select(p => new RegisteredPhoneDto(p.Id, p.Number, p.RegisteredAt))]);
    }
}
