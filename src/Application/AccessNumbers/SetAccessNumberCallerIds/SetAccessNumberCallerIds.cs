using FluentValidation;
using Mediator;
using SmsCallback.Application.Accounts.SetCallerIds;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Common.Phones;

namespace SmsCallback.Application.AccessNumbers.SetAccessNumberCallerIds;

/// <summary>What callbacks of customers who wrote to (or rang) this number show: <paramref name="LegA"/> on the customer's phone (empty:
/// the access number itself), <paramref name="LegB"/> on the number called (empty: the customer's own number). An account's own caller
/// IDs win (docs/switches.md, Caller ID). The answer is what was stored, in E.164.</summary>
public sealed record SetAccessNumberCallerIdsCommand(Guid Id, string? LegA, string? LegB) : ICommand<Result<CallerIdsDto>>;

public sealed class SetAccessNumberCallerIdsValidator : AbstractValidator<SetAccessNumberCallerIdsCommand>
{
    public SetAccessNumberCallerIdsValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(c => c.LegA).MustBeCallerId(phones);
        RuleFor(c => c.LegB).MustBeCallerId(phones);
    }
}

public sealed class SetAccessNumberCallerIdsHandler(IAccessNumberRepository numbers, PhoneNumberNormalizer phones)
    : ICommandHandler<SetAccessNumberCallerIdsCommand, Result<CallerIdsDto>>
{
    public async ValueTask<Result<CallerIdsDto>> Handle(SetAccessNumberCallerIdsCommand command, CancellationToken ct)
    {
        var number = await numbers.GetAsync(command.Id, ct);
        if (number is null) return Error.NotFound("No such access number.");
        number.ChangeCallerIds(phones.CallerId(command.LegA), phones.CallerId(command.LegB));
        return new CallerIdsDto(number.CallerIdA, number.CallerIdB);
    }
}
