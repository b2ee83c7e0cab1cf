using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace SmsCallback.Infrastructure.Switching.Asterisk;

/// <summary>How a number is written into the channel endpoint: <c>Digits</c> drops the '+' of E.164 (48600316058), <c>E164</c> keeps it.</summary>
public enum AsteriskNumberFormat { Digits, E164 }

/// <summary>The Asterisk REST Interface (ARI) connection: <c>Switch:Asterisk</c>.</summary>
public sealed class AsteriskOptions
{
    public const string Section = "Switch:Asterisk";

    /// <summary>The ARI root; the event WebSocket is derived from it (<c>ws://host:8088/ari/events</c>).</summary>
    public string BaseUrl { get; set; } = "http://127.0.0.1:8088/ari";

    /// <summary>A user of Asterisk's <c>ari.conf</c>.</summary>
    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    /// <summary>The Stasis application our calls enter (<c>Stasis(smscallback)</c> in the dialplan).</summary>
    public string Application { get; set; } = "smscallback";

    /// <summary>The channel to dial; <c>{number}</c> is replaced by the number written as <see cref="NumberFormat"/> says.</summary>
    public string Endpoint { get; set; } = "PJSIP/{number}@trunk";

    public AsteriskNumberFormat NumberFormat { get; set; } = AsteriskNumberFormat.Digits;

    /// <summary>The caller id shown on both legs when the callback brings none.</summary>
    public string? CallerId { get; set; }

    /// <summary>How long a leg may ring before Asterisk gives up (it then reports cause 19, no answer).</summary>
    public int OriginateTimeoutSeconds { get; set; } = 30;

    /// <summary>The first wait before reconnecting the event WebSocket; it doubles on each failure up to <see cref="MaxReconnectDelayMs"/>.</summary>
    public int ReconnectDelayMs { get; set; } = 500;

    public int MaxReconnectDelayMs { get; set; } = 30_000;

    /// <summary>How often the event WebSocket is checked with a PING (and how long its PONG may take before the connection is taken for
    /// dead and opened again).</summary>
    public int KeepAliveSeconds { get; set; } = 20;

    /// <summary>The REST root with a trailing slash, so relative paths append to it.</summary>
    public Uri RestUri() => new(BaseUrl.TrimEnd('/') + "/");

    /// <summary><c>ws(s)://host:port/&lt;base path&gt;/events?app=…&amp;api_key=user:password</c>. Carries the password: never log it.</summary>
    public Uri EventsUri()
    {
        var rest = RestUri();
        var builder = new UriBuilder(rest)
        {
            Scheme = rest.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = rest.AbsolutePath + "events",
            Query = $"app={Uri.EscapeDataString(Application)}&api_key={Uri.EscapeDataString(Username)}:{Uri.EscapeDataString(Password)}",
        };
        return builder.Uri;
    }

    /// <summary>The endpoint for an E.164 number, e.g. <c>PJSIP/48600316058@trunk</c>.</summary>
    public string EndpointFor(string number)
    {
        var written = NumberFormat == AsteriskNumberFormat.E164 ? number : new string([.. number.Where(char.IsAsciiDigit)]);
        return Endpoint.Replace("{number}", written, StringComparison.Ordinal);
    }
}

/// <summary>Checks the Asterisk settings at start-up, one message per bad setting (never echoing the password).</summary>
public sealed partial class AsteriskOptionsValidator : IValidateOptions<AsteriskOptions>
{
    public ValidateOptionsResult Validate(string? name, AsteriskOptions o)
    {
        var failures = new List<string>();
        if (!Uri.TryCreate(o.BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            failures.Add("Switch:Asterisk:BaseUrl must be an absolute http(s) URL such as http://127.0.0.1:8088/ari.");
        if (string.IsNullOrWhiteSpace(o.Username)) failures.Add("Switch:Asterisk:Username is required (a user of ari.conf).");
        if (string.IsNullOrEmpty(o.Password)) failures.Add("Switch:Asterisk:Password is required.");
        if (!AppName().IsMatch(o.Application)) failures.Add("Switch:Asterisk:Application must be a Stasis application name (letters, digits, '-', '_', '.').");
        if (!o.Endpoint.Contains("{number}", StringComparison.Ordinal))
            failures.Add("Switch:Asterisk:Endpoint must contain {number}, for example PJSIP/{number}@trunk.");
        if (!Enum.IsDefined(o.NumberFormat)) failures.Add("Switch:Asterisk:NumberFormat must be Digits or E164.");
        if (o.OriginateTimeoutSeconds is < 1 or > 600) failures.Add("Switch:Asterisk:OriginateTimeoutSeconds must be between 1 and 600.");
        if (o.ReconnectDelayMs < 1 || o.MaxReconnectDelayMs < o.ReconnectDelayMs)
            failures.Add("Switch:Asterisk:ReconnectDelayMs must be positive and at most MaxReconnectDelayMs.");
        if (o.KeepAliveSeconds is < 1 or > 3600) failures.Add("Switch:Asterisk:KeepAliveSeconds must be between 1 and 3600.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex AppName();
}
