using System.Globalization;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using FluentValidation;
using SmsCallback.Domain.Callbacks;
using SmsCallback.Domain.Common;

namespace SmsCallback.Application.Calls;

/// <summary>Which legs a history or an export covers: one account's (or everyone's), dialled in [<see cref="From"/>, <see cref="To"/>),
/// to a number equal to <see cref="ExactNumber"/> or containing <see cref="NumberDigits"/>.</summary>
public sealed record CallHistoryFilter(Guid? AccountId, DateTimeOffset? From, DateTimeOffset? To, string? ExactNumber, string? NumberDigits);

/// <summary>One leg as the history shows it: its callback, account, number, times, rating and Q.850 hang-up cause.</summary>
public sealed record CallHistoryRow(Guid CallbackId, Guid AccountId, string Login, LegKind Kind, string Number, DateTimeOffset Start,
    DateTimeOffset? Answer, DateTimeOffset? End, int? BilledSeconds, decimal? Rate, decimal? Cost, string Currency, int? HangupCause);

/// <summary>The JSON item of <c>GET /api/me/calls</c> and the admin lists; <see cref="AccountId"/> and <see cref="Login"/> only for admins.</summary>
public sealed record CallHistoryItem(Guid CallbackId, string Leg, string Number, DateTimeOffset Start, DateTimeOffset? Answer, DateTimeOffset? End,
    int? BilledSeconds, decimal? Rate, decimal? Cost, string Currency, int? HangupCause,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Guid? AccountId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Login)
{
    public static CallHistoryItem From(CallHistoryRow r, bool withAccount) => new(r.CallbackId, r.Kind.ToString(), r.Number, r.Start, r.Answer, r.End,
        r.BilledSeconds, r.Rate, r.Cost, r.Currency, r.HangupCause, withAccount ? r.AccountId : null, withAccount ? r.Login : null);
}

/// <summary>The filters as they arrive in the query string, parsed and checked in one place for the list and the export.</summary>
public static partial class CallHistoryCriteria
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;

    /// <summary>An ISO 8601 instant: date, time and a zone (Z or ±hh:mm). A '+' that arrived unencoded in a query string reads as a space.</summary>
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Instant();

    [GeneratedRegex(@"^\d{1,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex Digits();

    public static bool TryParseInstant(string? value, out DateTimeOffset? instant)
    {
        instant = null;
        if (string.IsNullOrWhiteSpace(value)) return true;
        var text = value.Trim().Replace(' ', '+');
        if (!Instant().IsMatch(text) || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed)) return false;
        instant = parsed.ToUniversalTime();
        return true;
    }

    /// <summary>"+48600316058" (E.164) matches that number exactly; digits only ("600316") match numbers that contain them.</summary>
    public static bool TryParseNumber(string? value, out string? exact, out string? digits)
    {
        (exact, digits) = (null, null);
        if (string.IsNullOrWhiteSpace(value)) return true;
        var text = value.Trim();
        if (text.StartsWith('+')) return E164.IsValid(exact = text);
        return Digits().IsMatch(digits = text);
    }

    public static CallHistoryFilter ToFilter(Guid? accountId, string? from, string? to, string? number)
    {
        TryParseInstant(from, out var start);
        TryParseInstant(to, out var end);
        TryParseNumber(number, out var exact, out var digits);
        return new CallHistoryFilter(accountId, start, end, exact, digits);
    }

    public const string InstantMessage = "An ISO 8601 instant with a time zone is expected, for example 2026-11-01T00:00:00Z (encode '+' as %2B).";
    public const string NumberMessage = "An E.164 number (+48600316058) for an exact match, or 1 to 15 digits to match numbers that contain them.";

    /// <summary>The rules of <c>from</c>, <c>to</c> and <c>number</c>, shared by the list and the export validators.</summary>
    public static void AddFilterRules<T>(this AbstractValidator<T> validator) where T : ICallHistoryCriteria
    {
        validator.RuleFor(q => q.From).Must(v => TryParseInstant(v, out _)).WithMessage(InstantMessage);
        validator.RuleFor(q => q.To).Must(v => TryParseInstant(v, out _)).WithMessage(InstantMessage)
            .Must((q, to) => !(TryParseInstant(q.From, out var f) && TryParseInstant(to, out var t) && f >= t))
            .WithMessage("to must be later than from.");
        validator.RuleFor(q => q.Number).Must(v => TryParseNumber(v, out _, out _)).WithMessage(NumberMessage);
    }
}

/// <summary>The filters of a history request as they arrived: <c>from</c> and <c>to</c> on the leg's start (from inclusive, to exclusive),
/// and <c>number</c>.</summary>
public interface ICallHistoryCriteria
{
    string? From { get; }
    string? To { get; }
    string? Number { get; }
}
