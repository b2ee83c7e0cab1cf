using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Common.Phones;

namespace SmsCallback.Application.Accounts.SetCallerIds;

/// <summary>What the account's callbacks show: <paramref name="LegA"/> on the customer's phone, <paramref name="LegB"/> on the number
/// called. Either may be empty (the access number's choice, then the defaults, apply: docs/switches.md, Caller ID). The answer is what
/// was stored, in E.164.</summary>
public sealed record SetAccountCallerIdsCommand(Guid AccountId, string? LegA, string? LegB)
    : ICommand<Result<CallerIdsDto>>, Common.Behaviours.IRetryOnConflict;

/// <summary>Caller IDs as stored (E.164), null where none is set.</summary>
public sealed record CallerIdsDto(string? LegA, string? LegB);

public sealed class SetAccountCallerIdsValidator : AbstractValidator<SetAccountCallerIdsCommand>
{
    public SetAccountCallerIdsValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(c => c.LegA).MustBeCallerId(phones);
        RuleFor(c => c.LegB).MustBeCallerId(phones);
    }
}

public sealed class SetAccountCallerIdsHandler(IAccountRepository accounts, PhoneNumberNormalizer phones)
    : ICommandHandler<SetAccountCallerIdsCommand, Result<CallerIdsDto>>
{
    public async ValueTask<Result<CallerIdsDto>> Handle(SetAccountCallerIdsCommand command, CancellationToken ct)
    {
        var account = await accounts.GetAsync(command.AccountId, ct);
        if (account is null) return Error.NotFound("No such account.");
        account.ChangeCallerIds(phones.CallerId(command.LegA), phones.CallerId(command.LegB));
        return new CallerIdsDto(account.CallerIdA, account.CallerIdB);
    }
}
