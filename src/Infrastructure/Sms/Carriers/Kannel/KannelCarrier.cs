using System.Text;
using SmsCallback.Application.AccessNumbers;
using SmsCallback.Domain.Sms;
using S = SmsCallback.Application.AccessNumbers.CarrierSetting;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Kannel's settings of an access number: <c>"kannel": {sendSmsUrl, username, password}</c> (a <c>sendsms-user</c>), plus the
/// top-level <c>secret</c> that goes in the webhook URL.</summary>
public sealed record KannelSettings(string? SendSmsUrl, string? Username, string? Password);

/// <summary>Kannel smsbox: <c>get-url</c>/<c>post-url</c> with the access number's URL secret; replies through <see cref="KannelSmsSender"/>.
/// Kannel treats only 200 and 202 as delivered (204 is a failure), and sends a text/plain body back as an SMS: so the answer is an empty
/// 200 (with <c>omit-empty = true</c> nothing is sent); the reply leaves through sendsms.</summary>
public sealed class KannelCarrier(ICarrierAccounts accounts) : ICarrier
{
    public string Channel => SmsChannels.Kannel;

    public string WebhookSummary => "Kannel smsbox get-url/post-url with ?secret=…&id=%I&from=%p&to=%P[&text=%a].";

    public bool WebhookBodyIsText => true;

    public IEnumerable<CarrierSettingProblem> Check(CarrierRegistration registration, bool allowLoopback)
    {
        List<CarrierSettingProblem> problems = [];
        if (string.IsNullOrEmpty(registration.Secret)) problems.Add(new("Secret", "'Secret' must not be empty."));
        if ((registration.Secret?.Length ?? 0) < 16)
            problems.Add(new("Secret", "A Kannel number needs a secret of at least 16 characters (it goes in the URL)."));
        if (registration.SettingsAs<KannelSettings>() is not { } s) return [.. problems, .. CarrierChecks.Missing(Channel, "{sendSmsUrl, username, password}")];
        return [.. problems, .. CarrierChecks.Url(Channel, S.SendSmsUrl, s.SendSmsUrl, allowLoopback),
            .. CarrierChecks.Required(Channel, S.Username, s.Username), .. CarrierChecks.Required(Channel, S.Password, s.Password)];
    }

    public void Split(CarrierRegistration registration, IDictionary<string, string> settings, IDictionary<string, string> secrets)
    {
        var s = registration.SettingsAs<KannelSettings>()!;
        CarrierChecks.Put(settings, S.SendSmsUrl, s.SendSmsUrl);
        CarrierChecks.Put(settings, S.Username, s.Username);
        CarrierChecks.Put(secrets, S.Password, s.Password);
    }

    public async Task<CarrierInbound> ReceiveAsync(CarrierRequest request, CancellationToken ct)
    {
        var secret = request.Get("secret");
        if (string.IsNullOrEmpty(secret)) return CarrierInbound.Unauthorized("The secret is missing from the URL.");
        var to = request.Get("to") ?? request.Header("X-Kannel-To");
        if (await accounts.FindBySecretAsync(Channel, secret, to, ct) is null) return CarrierInbound.Forbidden("Wrong secret.");

        var from = request.Get("from") ?? request.Header("X-Kannel-From");
        var text = request.IsPost ? Text(request) : request.Get("text");
        if (text is null) return CarrierInbound.BadRequest("The body is not text in the declared charset.");
        return new CarrierInbound.Message(request.Get("id"), from, to, text, null, new CarrierAnswer("", "text/plain"));
    }

    /// <summary>A post-url body: UCS-2 messages (X-Kannel-Coding 2) come as UTF-16BE, others in the declared charset or UTF-8.</summary>
    private static string? Text(CarrierRequest request)
    {
        try
        {
            var charset = Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(request.ContentType, out var type) ? type.Charset.ToString() : "";
            var encoding = request.Header("X-Kannel-Coding") == "2" && charset.Length == 0 ? Encoding.BigEndianUnicode
                : charset.Length > 0 ? Encoding.GetEncoding(charset, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback)
                : new UTF8Encoding(false, throwOnInvalidBytes: true);
            return encoding.GetString(request.RawBody);
        }
        catch (Exception e) when (e is ArgumentException or DecoderFallbackException or NotSupportedException) // NotSupported: utf-7
        {
            return null;
        }
    }
}
