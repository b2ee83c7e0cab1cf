using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Configuration;
using SmsCallback.Infrastructure.Security;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>Where carriers send delivery reports: <c>{Sms:PublicBaseUrl}/api/sms/status/{channel}/{smsId}</c>, the same public address the
/// inbound webhooks are signed against. Without <c>Sms:PublicBaseUrl</c> the senders ask for no report (the service cannot know the
/// address the carrier reaches it by) and SMS stay <c>Sent</c>. Kannel cannot sign, so its URL carries a token of its own: HMAC-SHA256 of
/// the SMS id under a key kept in the data directory (<c>delivery-reports.key</c>), compared in constant time (docs/adr/0046-kannel-delivery-report-token.md).</summary>
public sealed class DeliveryReportUrls(IConfiguration configuration, Func<InstanceSecrets?> secrets)
{
    public const string KeyFile = "delivery-reports.key";
    public const string RoutePrefix = "/api/sms/status";

    private readonly Lazy<byte[]> _key = new(() => Convert.FromHexString(
        (secrets() ?? throw new InvalidOperationException("Kannel's delivery report tokens need the instance secrets (AddInfrastructure)."))
        .GetOrCreate(KeyFile, () => InstanceSecrets.RandomToken()).Value));

    private string? BaseUrl => configuration["Sms:PublicBaseUrl"] is { Length: > 0 } b ? b.TrimEnd('/') : null;

    /// <summary>The report URL for one SMS, or null when no public base URL is configured.</summary>
    public string? For(string channel, Guid smsId) => BaseUrl is { } b ? $"{b}{RoutePrefix}/{channel}/{smsId}" : null;

    /// <summary>Kannel's <c>dlr-url</c>: ours with the token, the report type <c>%d</c> and the SMSC's answer <c>%A</c> (Kannel fills them in).</summary>
    public string? ForKannel(Guid smsId) => For(SmsCallback.Domain.Sms.SmsChannels.Kannel, smsId) is { } url
        ? $"{url}?token={Token(smsId)}&type=%d&answer=%A" : null;

    public string Token(Guid smsId) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key.Value, Encoding.UTF8.GetBytes($"kannel-dlr|{smsId:N}")));

    public bool IsValidToken(Guid smsId, string? token) =>
        !string.IsNullOrEmpty(token) && SignatureCompare.FixedTimeEquals(Token(smsId), token.ToLowerInvariant());
}
