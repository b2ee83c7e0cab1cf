using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using SmsCallback.Application.AccessNumbers.CreateAccessNumber;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Sms;

namespace SmsCallback.Application.AccessNumbers.ReplaceAccessNumberSettings;

/// <summary>Replace an access number's settings and secrets at once (rotating a carrier token, a signature or URL secret), under the same
/// rules as registering it; the number and channel stay.</summary>
public sealed record ReplaceAccessNumberSettingsCommand(Guid Id, CreateAccessNumberCommand Registration) : ICommand<Result<AccessNumberCreated>>
{
    public override string ToString() => $"{nameof(ReplaceAccessNumberSettingsCommand)} {Id}";
}

public sealed class ReplaceAccessNumberSettingsValidator : AbstractValidator<ReplaceAccessNumberSettingsCommand>
{
    public ReplaceAccessNumberSettingsValidator(IOptions<CarrierUrlOptions> urlOptions, IEnumerable<ICarrier> carriers, Sms.Texts.IReplyTexts texts) =>
        RuleFor(c => c.Registration).SetValidator(new CreateAccessNumberValidator(urlOptions, carriers, texts));
}

public sealed class ReplaceAccessNumberSettingsHandler(IAccessNumberRepository numbers, ISecretProtector protector, IEnumerable<ICarrier> carriers)
    : ICommandHandler<ReplaceAccessNumberSettingsCommand, Result<AccessNumberCreated>>
{
    public async ValueTask<Result<AccessNumberCreated>> Handle(ReplaceAccessNumberSettingsCommand command, CancellationToken ct)
    {
        var number = await numbers.GetAsync(command.Id, ct);
        if (number is null) return Error.NotFound("No such access number.");
        var c = command.Registration;
        if (AccessNumber.KeyOf(c.Number) != number.NumberKey || c.Channel != number.Channel)
            return Error.Invalid("number", "The number and the channel stay as registered; to change them, delete the number and register it again.");

        var (settings, secrets) = CreateAccessNumberHandler.Split(c, carriers);
        number.Reconfigure(JsonSerializer.Serialize(settings), protector.Protect(JsonSerializer.Serialize(secrets)),
            c.Secret is { Length: > 0 } s ? CreateAccessNumberHandler.HashSecret(s) : null);
        number.ChangeLanguage(c.Language);
        return new AccessNumberCreated(number.Id, AccessNumberWarnings.Of(number.Channel, settings).FirstOrDefault());
    }
}
