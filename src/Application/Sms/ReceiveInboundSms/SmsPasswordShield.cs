using SmsCallback.Application.Sms.Parsing;

namespace SmsCallback.Application.Sms.ReceiveInboundSms;

/// <summary>Encrypts the original text of an SMS that carries a password, for the short time until it is processed
/// (ASP.NET Core Data Protection in the adapter). See ADR "Passwords in SMS are masked before they are stored".</summary>
public interface ISmsTextVault
{
    string Protect(string text);

    /// <returns>null when the text cannot be decrypted (the key ring was lost or replaced).</returns>
    string? TryUnprotect(string protectedText);
}

/// <summary>What of an incoming text is stored: the text with <c>P.***</c> in place of any password, and the original only encrypted.</summary>
public static class SmsPasswordShield
{
    public static (string Stored, string? ProtectedOriginal) Shield(string text, ISmsTextVault vault)
    {
        var masked = SmsCommandParser.MaskPasswords(text);
        return masked == text ? (text, null) : (masked, vault.Protect(text));
    }
}
