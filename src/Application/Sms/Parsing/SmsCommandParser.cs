namespace SmsCallback.Application.Sms.Parsing;

/// <summary>Reads the SMS command language of docs/product.md §2. A total function: any text gives a command or errors; it never throws.</summary>
public static class SmsCommandParser
{
    /// <summary>More problems than this are not worth an SMS.</summary>
    private const int MaxErrors = 3;

    private const int MaxIndex = 9999;

    public static SmsParseResult Parse(string? text)
    {
        var errors = new List<ParseError>();
        string? login = null, password = null, destination = null, source = null, register = null, book = null, code = null, language = null;
        int? index = null;
        var actions = new List<SmsAction>(2);
        var seen = new HashSet<char>();

        foreach (var range in Tokens(text))
        {
            if (errors.Count >= MaxErrors) break;
            var token = text!.AsSpan(range);

            if (token.Equals("HELP", StringComparison.OrdinalIgnoreCase))
            {
                if (Seen('H')) actions.Add(SmsAction.Help);
                continue;
            }

            var letter = char.ToUpperInvariant(token[0]);
            var hasDot = token.Length > 1 && token[1] == '.';
            var value = hasDot ? token[2..].ToString() : "";

            if ((letter == 'C' && hasDot) || IsBareCode(token))
            {
                if (!Seen('C')) continue;
                code = hasDot ? value : token.ToString();
                if (code.Length == 0) errors.Add(new(ParseErrorCode.MissingValue, "C"));
                else if (!Domain.Accounts.PhoneVerification.IsWellFormedCode(code)) errors.Add(new(ParseErrorCode.InvalidCode, Printable(code)));
                else actions.Add(SmsAction.ConfirmPhone);
                continue;
            }

            if (letter == 'N' && (token.Length == 1 || hasDot || char.IsAsciiDigit(token[1])))
            {
                var digits = hasDot ? token[2..] : token[1..];
                if (!Seen('N')) continue;
                if (digits.IsEmpty) { errors.Add(new(ParseErrorCode.MissingValue, "N")); continue; }
                if (!int.TryParse(digits, System.Globalization.NumberStyles.None, null, out var k) || k < 1 || k > MaxIndex)
                {
                    errors.Add(new(ParseErrorCode.InvalidIndex, Printable(digits)));
                    continue;
                }
                index = k;
                actions.Add(SmsAction.PhonebookIndex);
                continue;
            }

            if (!IsCommandLetter(letter))
            {
                errors.Add(new(ParseErrorCode.UnknownCommand, Printable(token)));
                continue;
            }
            if (!hasDot)
            {
                errors.Add(token.Length == 1 && letter != 'I' && letter != 'H'
                    ? new(ParseErrorCode.MissingValue, letter.ToString())
                    : new(ParseErrorCode.MissingDot, letter.ToString()));
                continue;
            }
            if (!Seen(letter)) continue;

            if (letter is 'I' or 'H')
            {
                if (value.Length > 0) { errors.Add(new(ParseErrorCode.UnexpectedValue, letter.ToString())); continue; }
                actions.Add(letter == 'I' ? SmsAction.Status : SmsAction.Help);
                continue;
            }
            if (value.Length == 0) { errors.Add(new(ParseErrorCode.MissingValue, letter.ToString())); continue; }

            switch (letter)
            {
                case 'U': login = value; break;
                case 'P': password = value; break;
                case 'O': source = value; break;
                case 'D': destination = value; actions.Add(SmsAction.Callback); break;
                case 'R': register = value; actions.Add(SmsAction.Register); break;
                case 'B': book = value.ToLowerInvariant(); actions.Add(SmsAction.PhonebookName); break;
                case 'L': language = value.ToLowerInvariant(); actions.Add(SmsAction.Language); break;
            }
        }

        if (errors.Count == 0)
        {
            if (actions.Count == 0 && seen.Count == 0) errors.Add(new(ParseErrorCode.Empty));
            else if (actions.Count == 0) errors.Add(new(ParseErrorCode.NoAction));
            else if (actions.Count > 1) errors.Add(new(ParseErrorCode.TwoActions));
            if (login is not null && password is null) errors.Add(new(ParseErrorCode.LoginWithoutPassword));
            if (password is not null && login is null) errors.Add(new(ParseErrorCode.PasswordWithoutLogin));
            if (actions.Count == 1 && source is not null && actions[0] is SmsAction.Register or SmsAction.Help or SmsAction.ConfirmPhone or SmsAction.Language)
                errors.Add(new(ParseErrorCode.SourceNotAllowed, "O"));
            if (actions.Count == 1 && actions[0] == SmsAction.ConfirmPhone && (login ?? password) is not null)
                errors.Add(new(ParseErrorCode.LoginNotAllowed, "C"));
        }
        if (errors.Count > 0) return new SmsParseResult(null, errors);

        var command = new SmsCommand(actions[0], login, password, destination, source, register, book, index, code, language);
        return new SmsParseResult(command, []);

        bool Seen(char l)
        {
            if (seen.Add(l)) return true;
            errors.Add(new(ParseErrorCode.RepeatedCommand, l.ToString()));
            return false;
        }
    }

    /// <summary>A one-time code sent back alone, as the code SMS asks: exactly its 6 digits.</summary>
    private static bool IsBareCode(ReadOnlySpan<char> token) =>
        token.Length == Domain.Accounts.PhoneVerification.CodeLength && !token.ContainsAnyExceptInRange('0', '9');

    /// <summary>The text with the value of every <c>P.</c> token (as <see cref="Parse"/> finds them) replaced by <c>***</c>:
    /// what is stored and shown of an SMS. The same text when it holds no password.</summary>
    public static string MaskPasswords(string text)
    {
        System.Text.StringBuilder? masked = null;
        var copied = 0;
        foreach (var range in Tokens(text))
        {
            var (start, length) = range.GetOffsetAndLength(text.Length);
            if (length < 3 || text[start] is not ('P' or 'p') || text[start + 1] != '.') continue;
            masked ??= new System.Text.StringBuilder(text.Length);
            masked.Append(text, copied, start + 2 - copied).Append("***");
            copied = start + length;
        }
        return masked is null ? text : masked.Append(text, copied, text.Length - copied).ToString();
    }

    private static bool IsCommandLetter(char c) => c is 'U' or 'P' or 'D' or 'O' or 'R' or 'I' or 'B' or 'H' or 'L';

    /// <summary>White space of any kind separates tokens: spaces, tabs, line breaks, and their Unicode relatives.</summary>
    private static IEnumerable<Range> Tokens(string? text)
    {
        if (string.IsNullOrEmpty(text)) yield break;
        var i = 0;
        while (i < text.Length)
        {
            while (i < text.Length && IsSeparator(text[i])) i++;
            var start = i;
            while (i < text.Length && !IsSeparator(text[i])) i++;
            if (i > start) yield return start..i;
        }
    }

    /// <summary>Invisible format characters (zero-width space, byte-order mark) separate too: a customer cannot see them.</summary>
    private static bool IsSeparator(char c) =>
        char.IsWhiteSpace(c) || char.IsControl(c) || char.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.Format;

    /// <summary>A token quoted back in a reply: short, so the reply still fits one SMS.</summary>
    private static string Printable(ReadOnlySpan<char> token)
    {
        if (token.Length <= 12) return token.ToString();
        var cut = char.IsHighSurrogate(token[10]) ? 10 : 11; // never cut an emoji (a surrogate pair) in half
        return string.Concat(token[..cut], "…");
    }
}
