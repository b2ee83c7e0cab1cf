namespace SmsCallback.Application.Sms.Parsing;

/// <summary><see cref="ConfirmPhone"/>: the one-time code sent to the sender's number, sent back (<c>C.123456</c> or the 6 digits alone).
/// <see cref="Language"/>: <c>L.pl</c>, the language of the account's replies and prompts.</summary>
public enum SmsAction { Callback, Register, Status, PhonebookName, PhonebookIndex, Help, ConfirmPhone, Language }

/// <summary>One parsed SMS. Numbers are as typed; they are normalised (and may still be invalid) when the command is carried out.</summary>
public sealed record SmsCommand(
    SmsAction Action,
    string? Login = null,
    string? Password = null,
    string? Destination = null,
    string? Source = null,
    string? RegisterNumber = null,
    string? PhonebookName = null,
    int? PhonebookIndex = null,
    string? Code = null,
    string? Language = null)
{
    public bool HasCredentials => Login is not null;

    /// <summary>The canonical text of this command; parsing it gives the same command back.</summary>
    public string Format()
    {
        var parts = new List<string>(4);
        if (Login is not null) parts.Add("U." + Login);
        if (Password is not null) parts.Add("P." + Password);
        parts.Add(Action switch
        {
            SmsAction.Callback => "D." + Destination,
            SmsAction.Register => "R." + RegisterNumber,
            SmsAction.Status => "I.",
            SmsAction.PhonebookName => "B." + PhonebookName,
            SmsAction.PhonebookIndex => "N" + PhonebookIndex,
            SmsAction.ConfirmPhone => "C." + Code,
            SmsAction.Language => "L." + Language,
            _ => "HELP",
        });
        if (Source is not null) parts.Add("O." + Source);
        return string.Join(' ', parts);
    }
}

public enum ParseErrorCode
{
    Empty,
    UnknownCommand,
    MissingDot,
    MissingValue,
    UnexpectedValue,
    RepeatedCommand,
    TwoActions,
    NoAction,
    LoginWithoutPassword,
    PasswordWithoutLogin,
    InvalidIndex,
    SourceNotAllowed,
    InvalidCode,
    LoginNotAllowed,
}

/// <summary>A precise problem with the text; <paramref name="Token"/> is the letter or text it concerns.</summary>
public sealed record ParseError(ParseErrorCode Code, string? Token = null);

public sealed record SmsParseResult(SmsCommand? Command, IReadOnlyList<ParseError> Errors)
{
    public bool Success => Command is not null;
}
