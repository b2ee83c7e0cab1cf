using SmsCallback.Application.Callbacks.Admission;
using SmsCallback.Application.Sms.Parsing;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Sms;

/// <summary>Every text the platform sends a customer, in one place, in one voice: short, plain, one SMS each.</summary>
public static class Replies
{
    public const string Help = "Call: D.number (O.your number). Register: U.login P.pass R.number. Status: I. Phonebook: B.name or N2.";
    public const string LoginFailed = "Login failed.";
    public const string UnknownSender = "This number is not registered. Send U.login P.password D.number O.your number, or HELP.";
    public const string AccountBlocked = "Your account is blocked.";
    public const string SourceRequired = "This phone is not registered to your account: add O.your number.";
    public const string TryAgainLater = "Sorry, the call could not be placed. Please try again later.";

    public const string LockedOut = "Too many failed logins. Try again later.";
    public const string SmsCallbackDisabled = "SMS callback is not enabled for your account.";
    public const string TooManyCalls = "Too many calls requested. Try again later.";

    public static string Balance(decimal balance, string currency) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"Balance: {balance:0.00} {currency}.");

    /// <summary>Why a call was not placed, one reply per reason (also the detail of the web's HTTP answer). For the number rules, the
    /// number quoted is the one that broke them, on either leg.</summary>
    public static string For(CallbackRefusal refusal) => refusal.Reason switch
    {
        RefusalReason.AccountBlocked => AccountBlocked,
        RefusalReason.ServiceDisabled => refusal.Origin switch
        {
            CallbackOrigin.Sms => SmsCallbackDisabled,
            CallbackOrigin.Web => "Web callback is not enabled for your account.",
            CallbackOrigin.Ani => "ANI callback is not enabled for your account.",
            _ => "This service is not enabled for your account.",
        },
        RefusalReason.NumberBlocked => $"Calls to {refusal.Number} are not allowed.",
        RefusalReason.NumberNotAllowed => $"Your account may not call {refusal.Number}.",
        RefusalReason.TooManyRequests => TooManyCalls,
        RefusalReason.NoRate => refusal.Number is null ? "Your tariff does not cover this call." : $"Your tariff does not cover calls to {refusal.Number}.",
        RefusalReason.InsufficientCredit => TooLow(refusal.Account),
        RefusalReason.DailyCapReached => "Your daily spending limit is reached. Try again tomorrow.",
        _ => refusal.Account.MaxConcurrentCallbacks == 1
            ? "You already have a call in progress. Wait until it ends."
            : $"You already have {refusal.Account.MaxConcurrentCallbacks} calls in progress. Wait until one ends.",
    };

    /// <summary>Not enough credit for a call. When calls in progress hold part of the money, the reply says so: the balance alone would
    /// make the customer believe the money is there.</summary>
    private static string TooLow(Domain.Accounts.Account account) => account.Reserved > 0
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Your balance is too low for this call: {Math.Max(0m, account.Available):0.00} {account.Currency} is free; {account.Reserved:0.00} {account.Currency} is held by calls in progress.")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"Your balance is too low for this call: {account.Balance:0.00} {account.Currency}.");

    public static string NoPhonebookName(string name) => $"No phonebook entry named {Quote(name)}.";

    public static string NoPhonebookIndex(int index, int count) => count == 0
        ? "Your phonebook is empty."
        : $"No phonebook entry N{index}: you have {count}.";

    public static string Calling(string source, string destination) => $"Calling {source}, then {destination}.";

    public static string Registered(string number) => $"Number {number} registered.";

    public static string AlreadyRegistered(string number) => $"Number {number} is already registered to your account.";

    public static string RegisteredElsewhere(string number) => $"Number {number} cannot be registered: it belongs to another account.";

    /// <summary>The one-time code sent to a number a customer wants to register. It names no account (whoever holds the phone learns no
    /// login) and tells an unsuspecting holder to ignore it.</summary>
    public static string PhoneCode(string code, TimeSpan lifetime) =>
        $"SmsCallback code {code} adds this phone to an account. If you asked for it, reply with the code or enter it in the app within {Minutes(lifetime)} min. If not, ignore this SMS.";

    public static string PhoneCodeSent(string number, TimeSpan lifetime) =>
        $"Code sent to {number}: reply with it from that phone within {Minutes(lifetime)} min.";

    public const string PhoneCodeRefused = "This code is wrong or has expired.";

    /// <summary>Why R. or a code sent back did not register a number.</summary>
    public static string For(Accounts.RegisterPhone.PhoneRefusal refusal, string number, int maxPhones) => refusal switch
    {
        Accounts.RegisterPhone.PhoneRefusal.AlreadyYours => AlreadyRegistered(number),
        Accounts.RegisterPhone.PhoneRefusal.Taken => RegisteredElsewhere(number),
        Accounts.RegisterPhone.PhoneRefusal.TooManyPhones => $"Your account has the most phones allowed ({maxPhones}).",
        Accounts.RegisterPhone.PhoneRefusal.NotAllowed => $"Number {number} cannot be registered.",
        Accounts.RegisterPhone.PhoneRefusal.TooManyCodes => "Too many codes asked for. Try again later.",
        _ => PhoneCodeRefused,
    };

    private static int Minutes(TimeSpan span) => (int)Math.Ceiling(span.TotalMinutes);

    public static string InvalidNumber(string which, string typed) => $"Invalid {which} number {Quote(typed)}.";

    public static string For(ParseError error) => error.Code switch
    {
        ParseErrorCode.Empty => "Empty message. " + Help,
        ParseErrorCode.UnknownCommand => $"Unknown command {error.Token}. Send HELP for the commands.",
        ParseErrorCode.MissingDot => $"Put a dot after {error.Token}, as in {error.Token}.value.",
        ParseErrorCode.MissingValue => error.Token switch
        {
            "D" => "Missing destination number after D.",
            "O" => "Missing source number after O.",
            "R" => "Missing number to register after R.",
            "U" => "Missing login after U.",
            "P" => "Missing password after P.",
            "B" => "Missing phonebook name after B.",
            "N" => "Missing phonebook position after N, as in N2.",
            "C" => "Missing code after C., as in C.123456.",
            _ => $"Missing value after {error.Token}.",
        },
        ParseErrorCode.UnexpectedValue => $"{error.Token}. takes no value.",
        ParseErrorCode.RepeatedCommand => $"{error.Token}. appears twice.",
        ParseErrorCode.TwoActions => "One command per SMS: D, R, I, B or N.",
        ParseErrorCode.NoAction => "Missing command: add D.number, R.number, I., B.name or N2.",
        ParseErrorCode.LoginWithoutPassword => "Missing password: add P.password.",
        ParseErrorCode.PasswordWithoutLogin => "Missing login: add U.login.",
        ParseErrorCode.InvalidIndex => $"Invalid phonebook position {error.Token}: use N1, N2, ...",
        ParseErrorCode.SourceNotAllowed => "O. is not used with this command.",
        ParseErrorCode.InvalidCode => $"Invalid code {error.Token}: send the 6 digits you received.",
        ParseErrorCode.LoginNotAllowed => "Send the code alone, without U. and P.",
        _ => Help,
    };

    /// <summary>The errors of one SMS, as one SMS.</summary>
    public static string For(IReadOnlyList<ParseError> errors) => string.Join(' ', errors.Take(2).Select(For));

    private static string Quote(string s) => s.Length <= 20 ? s : s[..(char.IsHighSurrogate(s[18]) ? 18 : 19)] + "…";
}
