using SmsCallback.Application.AccessNumbers;
using SmsCallback.Domain.Sms;
using S = SmsCallback.Application.AccessNumbers.CarrierSetting;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Twilio's settings of an access number: <c>"twilio": {accountSid, authToken, baseUrl}</c>.</summary>
public sealed record TwilioSettings(string? AccountSid, string? AuthToken, string? BaseUrl);

/// <summary>Twilio: the messaging webhook signed with <c>X-Twilio-Signature</c> (<see cref="TwilioSignature"/>) over the public URL, answered
/// with empty TwiML; replies through <see cref="TwilioSmsSender"/>.</summary>
public sealed class TwilioCarrier(ICarrierAccounts accounts) : ICarrier
{
    public string Channel => SmsChannels.Twilio;

    public string WebhookSummary => "Twilio messaging webhook (X-Twilio-Signature); answers empty TwiML.";

    public IEnumerable<CarrierSettingProblem> Check(CarrierRegistration registration, bool allowLoopback)
    {
        if (registration.SettingsAs<TwilioSettings>() is not { } s) return CarrierChecks.Missing(Channel, "{accountSid, authToken}");
        return [.. CarrierChecks.Required(Channel, S.AccountSid, s.AccountSid), .. CarrierChecks.Required(Channel, S.AuthToken, s.AuthToken),
            .. s.BaseUrl is null ? [] : CarrierChecks.Url(Channel, S.BaseUrl, s.BaseUrl, allowLoopback)];
    }

    public void Split(CarrierRegistration registration, IDictionary<string, string> settings, IDictionary<string, string> secrets)
    {
        var s = registration.SettingsAs<TwilioSettings>()!;
        CarrierChecks.Put(settings, S.AccountSid, s.AccountSid);
        CarrierChecks.Put(settings, S.BaseUrl, s.BaseUrl);
        CarrierChecks.Put(secrets, S.AuthToken, s.AuthToken);
    }

    public async Task<CarrierInbound> ReceiveAsync(CarrierRequest request, CancellationToken ct)
    {
        if (await VerifyAsync(request, () => accounts.FindByNumberAsync(Channel, request.Get("To") ?? "", ct)) is { } refused) return refused;

        return new CarrierInbound.Message(request.Get("MessageSid") ?? request.Get("SmsSid"), request.Get("From"), request.Get("To"),
            request.Get("Body"), null, new CarrierAnswer("<Response></Response>", "text/xml; charset=utf-8"));
    }

    /// <summary>The check of every Twilio request (messages and status callbacks): X-Twilio-Signature over the public URL and the form,
    /// with the auth token of the access number <paramref name="findAccount"/> returns. Null when it holds.</summary>
    internal static async Task<CarrierInbound.Refused?> VerifyAsync(CarrierRequest request, Func<Task<CarrierAccount?>> findAccount)
    {
        var signature = request.Header("X-Twilio-Signature");
        if (signature.Length == 0) return CarrierInbound.Unauthorized("X-Twilio-Signature is missing.");
        var account = await findAccount();
        if (account?.SecretValue(S.AuthToken) is not { } token || !TwilioSignature.IsValid(token, request.PublicUrl, request.Body, signature))
            return CarrierInbound.Forbidden("The signature does not match (or the number is not a Twilio access number).");
        return null;
    }
}
