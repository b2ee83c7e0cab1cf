using System.Security.Cryptography;
using FluentValidation;
using Mediator;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Application.Common.Phones;
using SmsCallback.Domain.Forwarders;

namespace SmsCallback.Application.Forwarders.RegisterForwarder;

/// <summary>Register a forwarder for an access number; the answer carries its key, which is shown this once.</summary>
public sealed record RegisterForwarderCommand(string Name, string AccessNumber) : ICommand<Result<RegisteredForwarder>>;

public sealed record RegisteredForwarder(Guid Id, string Key);

public sealed class RegisterForwarderValidator : AbstractValidator<RegisterForwarderCommand>
{
    public RegisterForwarderValidator(PhoneNumberNormalizer phones)
    {
        RuleFor(c => c.Name).NotEmpty().MaximumLength(Forwarder.MaxNameLength);
        RuleFor(c => c.AccessNumber).NotEmpty().Must(n => phones.TryNormalize(n, out _)).WithMessage("The access number is not a phone number.");
    }
}

public sealed class RegisterForwarderHandler(
    IForwarderRepository forwarders, IForwarderKeyProtector protector, PhoneNumberNormalizer phones, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<RegisterForwarderCommand, Result<RegisteredForwarder>>
{
    public async ValueTask<Result<RegisteredForwarder>> Handle(RegisterForwarderCommand command, CancellationToken ct)
    {
        phones.TryNormalize(command.AccessNumber, out var accessNumber);
        if (await forwarders.FindByAccessNumberAsync(accessNumber, ct) is not null) return Taken;

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var forwarder = Forwarder.Register(command.Name, accessNumber, protector.Protect(key), clock.GetUtcNow());
        forwarders.Add(forwarder);
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            return Taken;
        }
        return new RegisteredForwarder(forwarder.Id, key);
    }

    private static Error Taken => Error.Conflict("A forwarder already serves this access number.");
}
