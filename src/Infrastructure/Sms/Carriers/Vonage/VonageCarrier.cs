using System.Globalization;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Application.Sms.ReceiveInboundSmsPart;
using SmsCallback.Domain.Sms;
using S = SmsCallback.Application.AccessNumbers.CarrierSetting;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Vonage's settings of an access number: <c>"vonage": {apiKey, apiSecret, signatureSecret, signatureMethod, baseUrl, allowUnsigned}</c>.</summary>
/// <param name="AllowUnsigned">true accepts webhooks without a <c>sig</c> (Vonage signs only when asked to): the explicit, warned-about
/// choice; without it a Vonage number needs <paramref name="SignatureSecret"/>.</param>
public sealed record VonageSettings(string? ApiKey, string? ApiSecret, string? SignatureSecret, string? SignatureMethod, string? BaseUrl,
    bool? AllowUnsigned = null);

/// <summary>Vonage: the inbound SMS webhook (GET, form or JSON) with its optional <c>sig</c> (<see cref="VonageSignature"/>) and a signed
/// timestamp, long SMS in parts (<c>concat</c>); replies through <see cref="VonageSmsSender"/>.</summary>
public sealed class VonageCarrier(ICarrierAccounts accounts, TimeProvider clock) : ICarrier
{
    public static readonly string[] Methods = ["md5hash", "md5", "sha1", "sha256", "sha512"];

    /// <summary>How far a signed webhook's <c>timestamp</c> may be from the service clock, either way: a captured request cannot be replayed later.</summary>
    public static readonly TimeSpan TimestampTolerance = TimeSpan.FromMinutes(5);

    public string Channel => SmsChannels.Vonage;

    public string WebhookSummary =>
        "Vonage inbound SMS webhook (GET, form or JSON); sig and a timestamp within 5 minutes, unless the number allows unsigned webhooks.";

    public IEnumerable<CarrierSettingProblem> Check(CarrierRegistration registration, bool allowLoopback)
    {
        if (registration.SettingsAs<VonageSettings>() is not { } s) return CarrierChecks.Missing(Channel, "{apiKey, apiSecret}");
        List<CarrierSettingProblem> problems = [.. CarrierChecks.Required(Channel, S.ApiKey, s.ApiKey), .. CarrierChecks.Required(Channel, S.ApiSecret, s.ApiSecret)];
        if (s.AllowUnsigned != true && string.IsNullOrEmpty(s.SignatureSecret))
            problems.Add(new(CarrierChecks.Field(Channel, S.SignatureSecret), "A Vonage number needs its signatureSecret (turn signing on in the Vonage dashboard), or " +
                "\"allowUnsigned\": true to accept unsigned webhooks that anyone can forge."));
        if (s.SignatureMethod is not null && !Methods.Contains(s.SignatureMethod.ToLowerInvariant()))
            problems.Add(new(CarrierChecks.Field(Channel, S.SignatureMethod), $"signatureMethod is one of: {string.Join(", ", Methods)}."));
        if (s.BaseUrl is not null) problems.AddRange(CarrierChecks.Url(Channel, S.BaseUrl, s.BaseUrl, allowLoopback));
        return problems;
    }

    public void Split(CarrierRegistration registration, IDictionary<string, string> settings, IDictionary<string, string> secrets)
    {
        var s = registration.SettingsAs<VonageSettings>()!;
        CarrierChecks.Put(settings, S.ApiKey, s.ApiKey);
        CarrierChecks.Put(settings, S.BaseUrl, s.BaseUrl);
        CarrierChecks.Put(settings, S.SignatureMethod, s.SignatureMethod?.ToLowerInvariant());
        if (s.AllowUnsigned == true && string.IsNullOrEmpty(s.SignatureSecret)) settings[S.AllowUnsigned] = "true";
        CarrierChecks.Put(secrets, S.ApiSecret, s.ApiSecret);
        CarrierChecks.Put(secrets, S.SignatureSecret, s.SignatureSecret);
    }

    public async Task<CarrierInbound> ReceiveAsync(CarrierRequest request, CancellationToken ct)
    {
        if (Verify(request, await accounts.FindByNumberAsync(Channel, request.Get("to") ?? "", ct), clock.GetUtcNow()) is { } refused) return refused;

        var (id, from, to, text) = (request.Get("messageId"), request.Get("msisdn"), request.Get("to"), request.Get("text"));
        var receivedAt = DateTimeOffset.TryParse(request.Get("message-timestamp"), CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out var at) ? at : (DateTimeOffset?)null;
        if (request.Get("concat") != "true") return new CarrierInbound.Message(id, from, to, text, receivedAt, CarrierAnswer.Empty);

        if (!int.TryParse(request.Get("concat-part"), out var part) || !int.TryParse(request.Get("concat-total"), out var total)
            || string.IsNullOrEmpty(request.Get("concat-ref")) || string.IsNullOrEmpty(id) || string.IsNullOrEmpty(from))
            return CarrierInbound.BadRequest("A concat part needs messageId, msisdn, concat-ref, concat-part and concat-total.");
        return new CarrierInbound.Part(new ReceiveInboundSmsPartCommand(Channel, id, from, to ?? "", request.Get("concat-ref")!, part, total,
            text ?? "", receivedAt), CarrierAnswer.Empty);
    }

    /// <summary>The check of every Vonage request (inbound SMS and delivery receipts) for the access number <paramref name="account"/>:
    /// <c>sig</c> and a signed timestamp within <see cref="TimestampTolerance"/>, or the number's explicit <c>allowUnsigned</c>. Null when it holds.</summary>
    internal static CarrierInbound.Refused? Verify(CarrierRequest request, CarrierAccount? account, DateTimeOffset now)
    {
        if (account is null) return CarrierInbound.Forbidden("The number is not a Vonage access number.");
        if (account.SecretValue(S.SignatureSecret) is { } secret)
        {
            if (string.IsNullOrEmpty(request.Get("sig"))) return CarrierInbound.Unauthorized("Signing is on for this number and sig is missing.");
            if (!VonageSignature.IsValid(account.Setting(S.SignatureMethod) ?? "md5hash", secret, request.All))
                return CarrierInbound.Forbidden("The sig does not match.");
            if (!long.TryParse(request.Get("timestamp"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds()
                || (now - DateTimeOffset.FromUnixTimeSeconds(seconds)).Duration() > TimestampTolerance)
                return CarrierInbound.Unauthorized("The signed timestamp is missing or more than 5 minutes from the service clock.");
        }
        else if (account.Setting(S.AllowUnsigned) != "true")
        {
            return CarrierInbound.Forbidden(
                "This Vonage number has no signature secret and does not allow unsigned webhooks; register it with its signatureSecret.");
        }
        return null;
    }
}
