using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Localization;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Sms;
using S = SmsCallback.Application.AccessNumbers.CarrierSetting;

namespace SmsCallback.Application.AccessNumbers.CreateAccessNumber;

/// <param name="Warning">set when the number was accepted with a weakened check (an unsigned Vonage number).</param>
public sealed record AccessNumberCreated(Guid Id, string? Warning);

/// <summary>Register an access number with its channel, settings and secrets (the secrets are encrypted before they are stored).</summary>
/// <param name="Settings">the carrier's own settings object, the JSON property named after the channel (<c>"twilio": {…}</c>); each
/// carrier (<see cref="ICarrier"/>) checks and stores its own.</param>
/// <param name="Language">the language of replies to unknown senders writing to this number, and of accounts nobody chose one for
/// (docs/languages.md); none: the default.</param>
public sealed record CreateAccessNumberCommand(string Number, string Channel, string? Secret, JsonElement? Settings = null, string? Language = null)
    : ICommand<Result<AccessNumberCreated>>
{
    public override string ToString() => $"{nameof(CreateAccessNumberCommand)} {Channel} {Number}";
}

public sealed class CreateAccessNumberValidator : AbstractValidator<CreateAccessNumberCommand>
{
    public CreateAccessNumberValidator(IOptions<CarrierUrlOptions> urlOptions, IEnumerable<ICarrier> carriers, Sms.Texts.IReplyTexts texts)
    {
        RuleFor(c => c.Language).KnownLanguage(texts);
        var allowLoopback = urlOptions.Value.AllowHttpToLoopback;
        var byChannel = carriers.ToDictionary(c => c.Channel);
        string[] channels = [.. AccessNumber.Channels.Union(byChannel.Keys)];
        RuleFor(c => c.Number).NotEmpty().MaximumLength(AccessNumber.MaxNumberLength)
            .Must(n => AccessNumber.KeyOf(n).Length is >= 3 and <= 20).WithMessage("The number needs 3 to 20 digits.");
        RuleFor(c => c.Channel).Must(channels.Contains).WithMessage($"The channel is one of: {string.Join(", ", channels)}.");
        RuleFor(c => c.Secret).MaximumLength(256);
        RuleFor(c => c).Custom((c, context) =>
        {
            if (!byChannel.TryGetValue(c.Channel, out var carrier)) return;
            foreach (var problem in carrier.Check(new CarrierRegistration(c.Secret, c.Settings), allowLoopback))
                context.AddFailure(problem.Field, problem.Message);
        });
    }
}

public sealed class CreateAccessNumberHandler(IAccessNumberRepository numbers, ISecretProtector protector, IUnitOfWork unitOfWork, TimeProvider clock,
    IEnumerable<ICarrier> carriers) : ICommandHandler<CreateAccessNumberCommand, Result<AccessNumberCreated>>
{
    public async ValueTask<Result<AccessNumberCreated>> Handle(CreateAccessNumberCommand c, CancellationToken ct)
    {
        var (settings, secrets) = Split(c, carriers);
        var secretHash = c.Secret is { Length: > 0 } s ? HashSecret(s) : null;
        var number = AccessNumber.Register(c.Number, c.Channel, JsonSerializer.Serialize(settings),
            protector.Protect(JsonSerializer.Serialize(secrets)), secretHash, clock.GetUtcNow());
        number.ChangeLanguage(c.Language);
        numbers.Add(number);
        try
        {
            await unitOfWork.SaveChangesAsync(ct);
        }
        catch (UniqueConstraintException)
        {
            return Error.Conflict("This number is already registered.");
        }
        return new AccessNumberCreated(number.Id, AccessNumberWarnings.Of(number.Channel, settings).FirstOrDefault());
    }

    public static string HashSecret(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>The settings and secrets to store: the top-level secret, then whatever the channel's carrier keeps.</summary>
    internal static (Dictionary<string, string> Settings, Dictionary<string, string> Secrets) Split(CreateAccessNumberCommand c, IEnumerable<ICarrier> carriers)
    {
        var settings = new Dictionary<string, string>();
        var secrets = new Dictionary<string, string>();
        if (!string.IsNullOrEmpty(c.Secret)) secrets[S.Secret] = c.Secret.Trim();
        carriers.FirstOrDefault(x => x.Channel == c.Channel)?.Split(new CarrierRegistration(c.Secret, c.Settings), settings, secrets);
        return (settings, secrets);
    }
}
