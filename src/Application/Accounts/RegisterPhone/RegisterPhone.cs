using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Common.Validation;

namespace SmsCallback.Application.Accounts.RegisterPhone;

/// <summary>An operator authorises a phone number for an account, without a code (customers prove theirs: RequestPhoneCode).
/// A number belongs to one account at most; an account holds at most <see cref="AccountsOptions.MaxPhones"/>.</summary>
public sealed record RegisterPhoneCommand(Guid AccountId, string Number) : ICommand<Result<RegisteredPhoneDto>>;

public sealed record RegisteredPhoneDto(Guid Id, string Number, DateTimeOffset RegisteredAt);

public sealed class RegisterPhoneValidator : AbstractValidator<RegisterPhoneCommand>
{
    public RegisterPhoneValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(c => c.Number).NotEmpty().MustBePhoneNumber(phones);
    }
}

public sealed class RegisterPhoneHandler(IAccountRepository accounts, PhoneRegistrar registrar, PhoneNumberNormalizer normalizer, IUnitOfWork unitOfWork)
    : ICommandHandler<RegisterPhoneCommand, Result<RegisteredPhoneDto>>
{
    public async ValueTask<Result<RegisteredPhoneDto>> Handle(RegisterPhoneCommand command, CancellationToken ct)
    {
        if (await accounts.GetAsync(command.AccountId, ct) is null) return Error.NotFound("No such account.");
        normalizer.TryNormalize(command.Number, out var number);
        var (phone, refusal) = await registrar.RegisterAsync(command.AccountId, number, ct);
        if (refusal is { } r) return registrar.ToError(r);
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            return registrar.ToError(PhoneRefusal.Taken);
        }
        return new RegisteredPhoneDto(phone!.Id, phone.Number, phone.RegisteredAt);
    }
}
