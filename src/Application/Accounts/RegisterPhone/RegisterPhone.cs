using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Common.Validation;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.RegisterPhone;

/// <summary>Authorise a phone number for an account. A number belongs to one account at most.</summary>
public sealed record RegisterPhoneCommand(Guid AccountId, string Number) : ICommand<Result<RegisteredPhoneDto>>;

public sealed record RegisteredPhoneDto(Guid Id, string Number, DateTimeOffset RegisteredAt);

public sealed class RegisterPhoneValidator : AbstractValidator<RegisterPhoneCommand>
{
    public RegisterPhoneValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(c => c.Number).NotEmpty().MustBePhoneNumber(phones);
    }
}

public sealed class RegisterPhoneHandler(
    IAccountRepository accounts, IRegisteredPhoneRepository phones, PhoneNumberNormalizer normalizer, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<RegisterPhoneCommand, Result<RegisteredPhoneDto>>
{
    public async ValueTask<Result<RegisteredPhoneDto>> Handle(RegisterPhoneCommand command, CancellationToken ct)
    {
        if (await accounts.GetAsync(command.AccountId, ct) is null) return Error.NotFound("No such account.");
        normalizer.TryNormalize(command.Number, out var number);
        if (await phones.FindByNumberAsync(number, ct) is not null) return Taken;

        var phone = RegisteredPhone.Create(command.AccountId, number, clock.GetUtcNow());
        phones.Add(phone);
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            return Taken;
        }
        return new RegisteredPhoneDto(phone.Id, phone.Number, phone.RegisteredAt);
    }

    private static Error Taken => Error.Conflict("This number is already registered.");
}
