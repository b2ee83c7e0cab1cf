using SmsCallback.Application.AccessNumbers;
using SmsCallback.Domain.Sms;
using S = SmsCallback.Application.AccessNumbers.CarrierSetting;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Plivo's settings of an access number: <c>"plivo": {authId, authToken, baseUrl}</c>.</summary>
public sealed record PlivoSettings(string? AuthId, string? AuthToken, string? BaseUrl);

/// <summary>Plivo: the message URL signed with <c>X-Plivo-Signature-V3</c> and its nonce (<see cref="PlivoSignatureV3"/>), answered with an
/// empty 200; replies through <see cref="PlivoSmsSender"/>.</summary>
public sealed class PlivoCarrier(ICarrierAccounts accounts) : ICarrier
{
    public string Channel => SmsChannels.Plivo;

    public string WebhookSummary => "Plivo message URL (X-Plivo-Signature-V3).";

    public IEnumerable<CarrierSettingProblem> Check(CarrierRegistration registration, bool allowLoopback)
    {
        if (registration.SettingsAs<PlivoSettings>() is not { } s) return CarrierChecks.Missing(Channel, "{authId, authToken}");
        return [.. CarrierChecks.Required(Channel, S.AuthId, s.AuthId), .. CarrierChecks.Required(Channel, S.AuthToken, s.AuthToken),
            .. s.BaseUrl is null ? [] : CarrierChecks.Url(Channel, S.BaseUrl, s.BaseUrl, allowLoopback)];
    }

    public void Split(CarrierRegistration registration, IDictionary<string, string> settings, IDictionary<string, string> secrets)
    {
        var s = registration.SettingsAs<PlivoSettings>()!;
        CarrierChecks.Put(settings, S.AuthId, s.AuthId);
        CarrierChecks.Put(settings, S.BaseUrl, s.BaseUrl);
        CarrierChecks.Put(secrets, S.AuthToken, s.AuthToken);
    }

    public async Task<CarrierInbound> ReceiveAsync(CarrierRequest request, CancellationToken ct)
    {
        if (await VerifyAsync(request, () => accounts.FindByNumberAsync(Channel, request.Get("To") ?? "", ct)) is { } refused) return refused;

        return new CarrierInbound.Message(request.Get("MessageUUID"), request.Get("From"), request.Get("To"), request.Get("Text"), null,
            CarrierAnswer.Empty);
    }

    /// <summary>The check of every Plivo request (messages and status callbacks): X-Plivo-Signature-V3 and its nonce over the public URL and
    /// the form, with the auth token of the access number <paramref name="findAccount"/> returns. Null when it holds.</summary>
    internal static async Task<CarrierInbound.Refused?> VerifyAsync(CarrierRequest request, Func<Task<CarrierAccount?>> findAccount)
    {
        var signature = request.Header("X-Plivo-Signature-V3") is { Length: > 0 } v3 ? v3 : request.Header("X-Plivo-Signature-MA-V3");
        var nonce = request.Header("X-Plivo-Signature-V3-Nonce");
        if (signature.Length == 0 || nonce.Length == 0) return CarrierInbound.Unauthorized("X-Plivo-Signature-V3 or its nonce is missing.");
        var account = await findAccount();
        if (account?.SecretValue(S.AuthToken) is not { } token || !PlivoSignatureV3.IsValid(token, request.PublicUrl, request.Body, nonce, signature))
            return CarrierInbound.Forbidden("The signature does not match (or the number is not a Plivo access number).");
        return null;
    }
}
