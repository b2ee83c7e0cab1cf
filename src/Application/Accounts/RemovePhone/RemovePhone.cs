using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Common.Phones;

namespace SmsCallback.Application.Accounts.RemovePhone;

/// <summary>Stop authorising a number for an account. Another account's number is "not found", never "not yours".</summary>
public sealed record RemovePhoneCommand(Guid AccountId, string Number) : ICommand<Result<bool>>;

public sealed class RemovePhoneHandler(IRegisteredPhoneRepository phones, PhoneNumberNormalizer normalizer)
    : ICommandHandler<RemovePhoneCommand, Result<bool>>
{
    public async ValueTask<Result<bool>> Handle(RemovePhoneCommand command, CancellationToken ct)
    {
        var phone = normalizer.TryNormalize(command.Number, out var number) ? await phones.FindByNumberAsync(number, ct) : null;
        if (phone is null || phone.AccountId != command.AccountId) return Error.NotFound("This number is not registered to the account.");
        phones.Remove(phone);
        return true;
    }
}
