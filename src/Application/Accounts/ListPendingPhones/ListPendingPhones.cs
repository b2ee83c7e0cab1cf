using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;

namespace SmsCallback.Application.Accounts.ListPendingPhones;

/// <summary>Numbers the account asked to register whose code is still open (not yet registered).</summary>
public sealed record ListPendingPhonesQuery(Guid AccountId) : IQuery<Result<IReadOnlyList<PendingPhoneDto>>>;

public sealed record PendingPhoneDto(string Number, DateTimeOffset ExpiresAt, int AttemptsLeft);

public sealed class ListPendingPhonesHandler(IAccountRepository accounts, IPhoneVerificationRepository verifications, TimeProvider clock)
    : IQueryHandler<ListPendingPhonesQuery, Result<IReadOnlyList<PendingPhoneDto>>>
{
    public async ValueTask<Result<IReadOnlyList<PendingPhoneDto>>> Handle(ListPendingPhonesQuery query, CancellationToken ct)
    {
        if (await accounts.GetAsync(query.AccountId, ct) is null) return Error.NotFound("No such account.");
        var open = await verifications.ListOpenForAccountAsync(query.AccountId, clock.GetUtcNow(), ct);
        return Result<IReadOnlyList<PendingPhoneDto>>.Ok([.. open.Select(v => new PendingPhoneDto(v.Number, v.ExpiresAt, v.AttemptsLeft))]);
    }
}
