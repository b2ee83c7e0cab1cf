using FluentValidation;
using Mediator;
using SmsCallback.Application.Accounts.RegisterPhone;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Application.Common.Validation;

namespace SmsCallback.Application.Accounts.RequestPhoneCode;

/// <summary>A customer asks to register a number: a one-time code goes to it by SMS, and the number is registered when the code comes
/// back (VerifyPhone, or an SMS from the number). The answer is the same whether or not another account owns the number.</summary>
public sealed record RequestPhoneCodeCommand(Guid AccountId, string Number) : ICommand<Result<PhoneCodeSentDto>>;

public sealed record PhoneCodeSentDto(string Number, DateTimeOffset ExpiresAt, string Message);

public sealed class RequestPhoneCodeValidator : AbstractValidator<RequestPhoneCodeCommand>
{
    public RequestPhoneCodeValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(c => c.Number).NotEmpty().MustBePhoneNumber(phones);
    }
}

public sealed class RequestPhoneCodeHandler(
    IAccountRepository accounts, PhoneRegistrar registrar, IPhoneVerificationRepository verifications, PhoneNumberNormalizer normalizer,
    IUnitOfWork unitOfWork, IBackgroundJobs jobs, TimeProvider clock)
    : ICommandHandler<RequestPhoneCodeCommand, Result<PhoneCodeSentDto>>
{
    public async ValueTask<Result<PhoneCodeSentDto>> Handle(RequestPhoneCodeCommand command, CancellationToken ct)
    {
        if (await accounts.GetAsync(command.AccountId, ct) is null) return Error.NotFound("No such account.");
        normalizer.TryNormalize(command.Number, out var number);
        await verifications.DeleteCreatedBeforeAsync(clock.GetUtcNow() - registrar.Limits.PhoneCodeWindow, ct); // no longer counted

        var (sent, refusal) = await registrar.SendCodeAsync(command.AccountId, number, ct);
        if (refusal is { } r) return registrar.ToError(r);
        if (sent!.SmsId is { } sms) unitOfWork.OnCommitted(_ => { jobs.EnqueueSendSms(sms); return Task.CompletedTask; });
        var minutes = (int)Math.Ceiling(registrar.Limits.PhoneCodeLifetime.TotalMinutes);
        return new PhoneCodeSentDto(number, sent.ExpiresAt,
            $"A code was sent by SMS to {number}. Reply with it from that phone, or post it to /api/me/phones/{number}/verify, within {minutes} minutes.");
    }
}
