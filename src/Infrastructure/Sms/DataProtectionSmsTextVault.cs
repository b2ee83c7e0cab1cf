using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using SmsCallback.Application.Sms.ReceiveInboundSms;

namespace SmsCallback.Infrastructure.Sms;

/// <summary>The original text of an SMS carrying a password, encrypted with the instance's Data Protection keys until it is processed.</summary>
internal sealed class DataProtectionSmsTextVault(IDataProtectionProvider provider) : ISmsTextVault
{
    private readonly IDataProtector _protector = provider.CreateProtector("SmsCallback.InboundSms.OriginalText.v1");

    public string Protect(string text) => _protector.Protect(text);

    public string? TryUnprotect(string protectedText)
    {
        try
        {
            return _protector.Unprotect(protectedText);
        }
        catch (CryptographicException)
        {
            return null;
        }
    }
}
