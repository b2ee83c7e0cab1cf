using SmsCallback.Application.AccessNumbers;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>What the carriers' registrations share: required fields, carrier URLs (<see cref="CarrierUrlRules"/>) and how a value is stored.</summary>
internal static class CarrierChecks
{
    public static IEnumerable<CarrierSettingProblem> Missing(string channel, string example) =>
        [new(Pascal(channel), $"A {Pascal(channel)} number needs \"{channel}\": {example}.")];

    public static IEnumerable<CarrierSettingProblem> Required(string channel, string field, string? value) =>
        string.IsNullOrEmpty(value) ? [new(Field(channel, field), $"'{Pascal(channel)} {Words(field)}' must not be empty.")] : [];

    /// <summary>A carrier URL: public https only (<c>Sms:CarrierUrls:AllowHttpToLoopback</c> is for development).</summary>
    public static IEnumerable<CarrierSettingProblem> Url(string channel, string field, string? url, bool allowLoopback) =>
        CarrierUrlRules.Check(url, allowLoopback) is { } problem ? [new(Field(channel, field), $"{field}: {problem}")] : [];

    /// <summary>The error key of a setting, as the API has always named it: <c>Twilio.AuthToken</c>.</summary>
    public static string Field(string channel, string field) => $"{Pascal(channel)}.{Pascal(field)}";

    private static string Pascal(string name) => char.ToUpperInvariant(name[0]) + name[1..];

    private static string Words(string name) => string.Concat(Pascal(name).Select((c, i) => i > 0 && char.IsUpper(c) ? " " + c : c.ToString()));

    /// <summary>Stores a value trimmed, and nothing for an empty one.</summary>
    public static void Put(IDictionary<string, string> to, string key, string? value)
    {
        if (!string.IsNullOrEmpty(value)) to[key] = value.Trim();
    }
}
