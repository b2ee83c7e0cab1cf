using FluentValidation;
using Mediator;
using SmsCallback.Application.Accounts.RegisterPhone;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Common.Validation;
using SmsCallback.Domain.Accounts;

namespace SmsCallback.Application.Accounts.VerifyPhone;

/// <summary>The customer types the code sent to the number: the right one registers it. Every try counts, even refused ones.</summary>
public sealed record VerifyPhoneCommand(Guid AccountId, string Number, string Code) : ICommand<Result<RegisteredPhoneDto>>;

public sealed class VerifyPhoneValidator : AbstractValidator<VerifyPhoneCommand>
{
    public VerifyPhoneValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(c => c.Number).NotEmpty().MustBePhoneNumber(phones);
        RuleFor(c => c.Code).Must(PhoneVerification.IsWellFormedCode).WithMessage($"A code has {PhoneVerification.CodeLength} digits.");
    }
}

public sealed class VerifyPhoneHandler(PhoneRegistrar registrar, PhoneNumberNormalizer normalizer, IUnitOfWork unitOfWork)
    : ICommandHandler<VerifyPhoneCommand, Result<RegisteredPhoneDto>>
{
    public async ValueTask<Result<RegisteredPhoneDto>> Handle(VerifyPhoneCommand command, CancellationToken ct)
    {
        normalizer.TryNormalize(command.Number, out var number);
        var (phone, refusal) = await registrar.ConfirmAsync(command.AccountId, number, command.Code, ct);
        try
        {
            await unitOfWork.SaveChangesAsync(ct); // the try counts, right or wrong; a concurrent try makes this one a conflict (409)
        }
        catch (UniqueConstraintException)
        {
            return Error.Conflict("Another try was being checked at the same time: try again.");
        }
        if (refusal is { } r) return registrar.ToError(r);
        return new RegisteredPhoneDto(phone!.Id, phone.Number, phone.RegisteredAt);
    }
}
