using Microsoft.AspNetCore.DataProtection;
using SmsCallback.Application.Common.Interfaces;

namespace SmsCallback.Infrastructure.Security;

/// <summary>Forwarder keys encrypted with the instance's Data Protection keys (shared by every instance through <c>Data:Directory</c>).</summary>
internal sealed class ForwarderKeyProtector(IDataProtectionProvider provider) : IForwarderKeyProtector
{
    private readonly IDataProtector _protector = provider.CreateProtector("SmsCallback.Forwarders.Key.v1");

    public string Protect(string key) => _protector.Protect(key);

    public string Unprotect(string protectedKey) => _protector.Unprotect(protectedKey);
}
