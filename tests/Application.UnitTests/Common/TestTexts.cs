using SmsCallback.Application.Sms.Texts;

namespace SmsCallback.Application.UnitTests.Common;

/// <summary>The shipped replies, as a customer reads them in English and Polish.</summary>
internal static class TestTexts
{
    public const string EnglishHelp = "Call: D.number (O.your number). Register: U.login P.pass R.number. Status: I. Phonebook: B.name or N2. Language: L.en";

    public static ReplyTexts Texts => ReplyTexts.Shipped;

    public static Replies English { get; } = ReplyTexts.Shipped.In("en");

    public static Replies Polish { get; } = ReplyTexts.Shipped.In("pl");
}
