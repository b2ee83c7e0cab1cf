using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FluentValidation;
using Mediator;
using Microsoft.Extensions.Options;
using SmsCallback.Application.Common.Interfaces;
using SmsCallback.Application.Common.Models;
using SmsCallback.Domain.Sms;
using S = SmsCallback.Application.AccessNumbers.CarrierSetting;

namespace SmsCallback.Application.AccessNumbers.CreateAccessNumber;

public sealed record TwilioSettings(string? AccountSid, string? AuthToken, string? BaseUrl);
/// <param name="AllowUnsigned">true accepts webhooks without a <c>sig</c> (Vonage signs only when asked to): the explicit, warned-about
/// choice; without it a Vonage number needs <paramref name="SignatureSecret"/>.</param>
public sealed record VonageSettings(string? ApiKey, string? ApiSecret, string? SignatureSecret, string? SignatureMethod, string? BaseUrl,
    bool? AllowUnsigned = null);
public sealed record PlivoSettings(string? AuthId, string? AuthToken, string? BaseUrl);
public sealed record KannelSettings(string? SendSmsUrl, string? Username, string? Password);

/// <param name="Warning">set when the number was accepted with a weakened check (an unsigned Vonage number).</param>
public sealed record AccessNumberCreated(Guid Id, string? Warning);

/// <summary>Register an access number with its channel, settings and secrets (the secrets are encrypted before they are stored).</summary>
public sealed record CreateAccessNumberCommand(string Number, string Channel, string? Secret, TwilioSettings? Twilio = null,
    VonageSettings? Vonage = null, PlivoSettings? Plivo = null, KannelSettings? Kannel = null) : ICommand<Result<AccessNumberCreated>>
{
    public override string ToString() => $"{nameof(CreateAccessNumberCommand)} {Channel} {Number}";
}

public sealed class CreateAccessNumberValidator : AbstractValidator<CreateAccessNumberCommand>
{
    public static readonly string[] VonageMethods = ["md5hash", "md5", "sha1", "sha256", "sha512"];

    public CreateAccessNumberValidator(IOptions<CarrierUrlOptions> urlOptions)
    {
        var allowLoopback = urlOptions.Value.AllowHttpToLoopback;
        string? UrlProblem(string? url) => CarrierUrlRules.Check(url, allowLoopback);
        RuleFor(c => c.Number).NotEmpty().MaximumLength(AccessNumber.MaxNumberLength)
            .Must(n => AccessNumber.KeyOf(n).Length is >= 3 and <= 20).WithMessage("The number needs 3 to 20 digits.");
        RuleFor(c => c.Channel).Must(AccessNumber.Channels.Contains)
            .WithMessage($"The channel is one of: {string.Join(", ", AccessNumber.Channels)}.");
        RuleFor(c => c.Secret).MaximumLength(256);
        When(c => c.Channel == "twilio", () =>
        {
            RuleFor(c => c.Twilio).NotNull().WithMessage("A Twilio number needs \"twilio\": {accountSid, authToken}.");
            RuleFor(c => c.Twilio!.AccountSid).NotEmpty().When(c => c.Twilio is not null);
            RuleFor(c => c.Twilio!.AuthToken).NotEmpty().When(c => c.Twilio is not null);
            RuleFor(c => c.Twilio!.BaseUrl).Must(u => UrlProblem(u) is null).When(c => c.Twilio?.BaseUrl is not null)
                .WithMessage(c => "baseUrl: " + UrlProblem(c.Twilio!.BaseUrl));
        });
        When(c => c.Channel == "vonage", () =>
        {
            RuleFor(c => c.Vonage).NotNull().WithMessage("A Vonage number needs \"vonage\": {apiKey, apiSecret}.");
            RuleFor(c => c.Vonage!.ApiKey).NotEmpty().When(c => c.Vonage is not null);
            RuleFor(c => c.Vonage!.ApiSecret).NotEmpty().When(c => c.Vonage is not null);
            RuleFor(c => c.Vonage!.SignatureSecret).NotEmpty().When(c => c.Vonage is not null && c.Vonage.AllowUnsigned != true)
                .WithMessage("A Vonage number needs its signatureSecret (turn signing on in the Vonage dashboard), or \"allowUnsigned\": true " +
                    "to accept unsigned webhooks that anyone can forge.");
            RuleFor(c => c.Vonage!.SignatureMethod).Must(m => VonageMethods.Contains(m!.ToLowerInvariant()))
                .When(c => c.Vonage?.SignatureMethod is not null).WithMessage($"signatureMethod is one of: {string.Join(", ", VonageMethods)}.");
            RuleFor(c => c.Vonage!.BaseUrl).Must(u => UrlProblem(u) is null).When(c => c.Vonage?.BaseUrl is not null)
                .WithMessage(c => "baseUrl: " + UrlProblem(c.Vonage!.BaseUrl));
        });
        When(c => c.Channel == "plivo", () =>
        {
            RuleFor(c => c.Plivo).NotNull().WithMessage("A Plivo number needs \"plivo\": {authId, authToken}.");
            RuleFor(c => c.Plivo!.AuthId).NotEmpty().When(c => c.Plivo is not null);
            RuleFor(c => c.Plivo!.AuthToken).NotEmpty().When(c => c.Plivo is not null);
            RuleFor(c => c.Plivo!.BaseUrl).Must(u => UrlProblem(u) is null).When(c => c.Plivo?.BaseUrl is not null)
                .WithMessage(c => "baseUrl: " + UrlProblem(c.Plivo!.BaseUrl));
        });
        When(c => c.Channel == "kannel", () =>
        {
            RuleFor(c => c.Secret).NotEmpty().MinimumLength(16).WithMessage("A Kannel number needs a secret of at least 16 characters (it goes in the URL).");
            RuleFor(c => c.Kannel).NotNull().WithMessage("A Kannel number needs \"kannel\": {sendSmsUrl, username, password}.");
            RuleFor(c => c.Kannel!.SendSmsUrl).Must(u => UrlProblem(u) is null).When(c => c.Kannel is not null)
                .WithMessage(c => "sendSmsUrl: " + UrlProblem(c.Kannel!.SendSmsUrl));
            RuleFor(c => c.Kannel!.Username).NotEmpty().When(c => c.Kannel is not null);
            RuleFor(c => c.Kannel!.Password).NotEmpty().When(c => c.Kannel is not null);
        });
    }
}

public sealed class CreateAccessNumberHandler(IAccessNumberRepository numbers, ISecretProtector protector, IUnitOfWork unitOfWork, TimeProvider clock)
    : ICommandHandler<CreateAccessNumberCommand, Result<AccessNumberCreated>>
{
    public async ValueTask<Result<AccessNumberCreated>> Handle(CreateAccessNumberCommand c, CancellationToken ct)
    {
        var (settings, secrets) = Split(c);
        var secretHash = c.Secret is { Length: > 0 } s ? HashSecret(s) : null;
        var number = AccessNumber.Register(c.Number, c.Channel, JsonSerializer.Serialize(settings),
            protector.Protect(JsonSerializer.Serialize(secrets)), secretHash, clock.GetUtcNow());
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

    internal static (Dictionary<string, string> Settings, Dictionary<string, string> Secrets) Split(CreateAccessNumberCommand c)
    {
        var settings = new Dictionary<string, string>();
        var secrets = new Dictionary<string, string>();
        void Put(Dictionary<string, string> to, string key, string? value) { if (!string.IsNullOrEmpty(value)) to[key] = value.Trim(); }

        Put(secrets, S.Secret, c.Secret);
        switch (c.Channel)
        {
            case "twilio":
                Put(settings, S.AccountSid, c.Twilio!.AccountSid); Put(settings, S.BaseUrl, c.Twilio.BaseUrl); Put(secrets, S.AuthToken, c.Twilio.AuthToken);
                break;
            case "vonage":
                Put(settings, S.ApiKey, c.Vonage!.ApiKey); Put(settings, S.BaseUrl, c.Vonage.BaseUrl);
                Put(settings, S.SignatureMethod, c.Vonage.SignatureMethod?.ToLowerInvariant());
                if (c.Vonage.AllowUnsigned == true && string.IsNullOrEmpty(c.Vonage.SignatureSecret)) settings[S.AllowUnsigned] = "true";
                Put(secrets, S.ApiSecret, c.Vonage.ApiSecret); Put(secrets, S.SignatureSecret, c.Vonage.SignatureSecret);
                break;
            case "plivo":
                Put(settings, S.AuthId, c.Plivo!.AuthId); Put(settings, S.BaseUrl, c.Plivo.BaseUrl); Put(secrets, S.AuthToken, c.Plivo.AuthToken);
                break;
            case "kannel":
                Put(settings, S.SendSmsUrl, c.Kannel!.SendSmsUrl); Put(settings, S.Username, c.Kannel.Username); Put(secrets, S.Password, c.Kannel.Password);
                break;
        }
        return (settings, secrets);
    }
}
