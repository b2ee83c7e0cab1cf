using SmsCallback.Application.Accounts.RegisterPhone;
using SmsCallback.Application.Callbacks.Admission;
using SmsCallback.Application.Sms.Parsing;
using SmsCallback.Domain.Callbacks;

namespace SmsCallback.Application.Sms.Texts;

/// <summary>The replies the platform sends a customer, typed, in one language (<see cref="IReplyTexts.In"/>): each picks its key of
/// <c>Sms/Texts/en.txt</c> and fills in its values; the wording lives in the language files and the operator's templates.</summary>
public sealed class Replies(IReplyTexts texts, string language)
{
    public string Language => language;

    /// <summary>Any reply by its key; values are placeholder names and their text.</summary>
    public string Text(string key, params (string Name, string Value)[] values) => texts.Render(language, key, values);

    public string Money(decimal amount) => texts.Money(language, amount);

    public string Help => Text("Help");
    public string LoginFailed => Text("LoginFailed");
    public string UnknownSender => Text("UnknownSender");
    public string AccountBlocked => Text("AccountBlocked");
    public string SourceRequired => Text("SourceRequired");
    public string TryAgainLater => Text("TryAgainLater");
    public string LockedOut => Text("LockedOut");
    public string SmsCallbackDisabled => Text("SmsCallbackDisabled");
    public string TooManyCalls => Text("TooManyCalls");
    public string PhoneCodeRefused => Text("PhoneCodeRefused");
    public string LanguageChanged => Text("LanguageChanged");

    public string UnknownLanguage(string typed) =>
        Text("UnknownLanguage", ("typed", Quote(typed)), ("languages", string.Join(", ", texts.Languages)));

    public string Balance(decimal balance, string currency) => Text("Balance", ("balance", Money(balance)), ("currency", currency));

    /// <summary>Why a call was not placed, one reply per reason (also the detail of the web's HTTP answer). For the number rules, the
    /// number quoted is the one that broke them, on either leg.</summary>
    public string For(CallbackRefusal refusal) => refusal.Reason switch
    {
        RefusalReason.AccountBlocked => AccountBlocked,
        RefusalReason.ServiceDisabled => refusal.Origin switch
        {
            CallbackOrigin.Sms => SmsCallbackDisabled,
            CallbackOrigin.Web => Text("WebCallbackDisabled"),
            CallbackOrigin.Ani => Text("AniCallbackDisabled"),
            _ => Text("ServiceDisabled"),
        },
        RefusalReason.NumberBlocked => Text("NumberBlocked", ("number", refusal.Number ?? "")),
        RefusalReason.NumberNotAllowed => Text("NumberNotAllowed", ("number", refusal.Number ?? "")),
        RefusalReason.TooManyRequests => TooManyCalls,
        RefusalReason.NoRate => refusal.Number is null ? Text("NoRate") : Text("NoRateFor", ("number", refusal.Number)),
        RefusalReason.InsufficientCredit => TooLow(refusal.Account),
        RefusalReason.DailyCapReached => Text("DailyCapReached"),
        _ => refusal.Account.MaxConcurrentCallbacks == 1
            ? Text("OneCallInProgress")
            : Text("CallsInProgress", ("count", refusal.Account.MaxConcurrentCallbacks.ToString(System.Globalization.CultureInfo.InvariantCulture))),
    };

    /// <summary>Not enough credit for a call. When calls in progress hold part of the money, the reply says so: the balance alone would
    /// make the customer believe the money is there.</summary>
    private string TooLow(Domain.Accounts.Account account) => account.Reserved > 0
        ? Text("InsufficientFreeCredit", ("free", Money(Math.Max(0m, account.Available))), ("held", Money(account.Reserved)),
            ("currency", account.Currency))
        : Text("InsufficientCredit", ("balance", Money(account.Balance)), ("currency", account.Currency));

    public string NoPhonebookName(string name) => Text("NoPhonebookName", ("name", Quote(name)));

    public string NoPhonebookIndex(int index, int count) => count == 0
        ? Text("PhonebookEmpty")
        : Text("NoPhonebookIndex", ("index", Number(index)), ("count", Number(count)));

    public string Calling(string source, string destination) => Text("Calling", ("source", source), ("destination", destination));

    public string Registered(string number) => Text("Registered", ("number", number));

    public string AlreadyRegistered(string number) => Text("AlreadyRegistered", ("number", number));

    public string RegisteredElsewhere(string number) => Text("RegisteredElsewhere", ("number", number));

    /// <summary>The one-time code sent to a number a customer wants to register. It names no account (whoever holds the phone learns no
    /// login) and tells an unsuspecting holder to ignore it.</summary>
    public string PhoneCode(string code, TimeSpan lifetime) => Text("PhoneCode", ("code", code), ("minutes", Number(Minutes(lifetime))));

    public string PhoneCodeSent(string number, TimeSpan lifetime) =>
        Text("PhoneCodeSent", ("number", number), ("minutes", Number(Minutes(lifetime))));

    /// <summary>Why R. or a code sent back did not register a number.</summary>
    public string For(PhoneRefusal refusal, string number, int maxPhones) => refusal switch
    {
        PhoneRefusal.AlreadyYours => AlreadyRegistered(number),
        PhoneRefusal.Taken => RegisteredElsewhere(number),
        PhoneRefusal.TooManyPhones => Text("TooManyPhones", ("max", Number(maxPhones))),
        PhoneRefusal.NotAllowed => Text("NumberCannotBeRegistered", ("number", number)),
        PhoneRefusal.TooManyCodes => Text("TooManyCodes"),
        _ => PhoneCodeRefused,
    };

    /// <summary>A number the customer typed that is not one: <paramref name="which"/> is destination, source, O or phone.</summary>
    public string InvalidNumber(string which, string typed) => Text(which switch
    {
        "destination" => "InvalidDestinationNumber",
        "source" => "InvalidSourceNumber",
        "O" => "InvalidStatusNumber",
        _ => "InvalidPhoneNumber",
    }, ("typed", Quote(typed)));

    public string For(ParseError error) => ReplyCatalog.FitOneSms(Describe(error));

    /// <summary>The errors of one SMS, as one SMS.</summary>
    public string For(IReadOnlyList<ParseError> errors) => ReplyCatalog.FitOneSms(string.Join(' ', errors.Take(2).Select(Describe)));

    private string Describe(ParseError error) => error.Code switch
    {
        ParseErrorCode.Empty => Text("EmptyMessage") + " " + Help,
        ParseErrorCode.UnknownCommand => Text("UnknownCommand", Token(error)),
        ParseErrorCode.MissingDot => Text("MissingDot", Token(error)),
        ParseErrorCode.MissingValue => error.Token switch
        {
            "D" => Text("MissingDestination"),
            "O" => Text("MissingSource"),
            "R" => Text("MissingRegisterNumber"),
            "U" => Text("MissingLogin"),
            "P" => Text("MissingPassword"),
            "B" => Text("MissingPhonebookName"),
            "N" => Text("MissingPhonebookIndex"),
            "C" => Text("MissingCode"),
            "L" => Text("MissingLanguage"),
            _ => Text("MissingValue", Token(error)),
        },
        ParseErrorCode.UnexpectedValue => Text("UnexpectedValue", Token(error)),
        ParseErrorCode.RepeatedCommand => Text("RepeatedCommand", Token(error)),
        ParseErrorCode.TwoActions => Text("TwoActions"),
        ParseErrorCode.NoAction => Text("NoAction"),
        ParseErrorCode.LoginWithoutPassword => Text("LoginWithoutPassword"),
        ParseErrorCode.PasswordWithoutLogin => Text("PasswordWithoutLogin"),
        ParseErrorCode.InvalidIndex => Text("InvalidIndex", Token(error)),
        ParseErrorCode.SourceNotAllowed => Text("SourceNotAllowed"),
        ParseErrorCode.InvalidCode => Text("InvalidCode", Token(error)),
        ParseErrorCode.LoginNotAllowed => Text("LoginNotAllowed"),
        _ => Help,
    };

    private static (string, string) Token(ParseError error) => ("token", error.Token ?? "");

    private static string Number(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static int Minutes(TimeSpan span) => (int)Math.Ceiling(span.TotalMinutes);

    private static string Quote(string s) => s.Length <= 20 ? s : s[..(char.IsHighSurrogate(s[18]) ? 18 : 19)] + "…";
}
