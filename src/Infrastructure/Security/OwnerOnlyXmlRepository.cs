using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace SmsCallback.Infrastructure.Security;

/// <summary>The Data Protection key ring on disk, with every key file the owner's only (0600 on Unix) as soon as it is written: the
/// file-system repository writes with the process's umask.</summary>
internal sealed class OwnerOnlyXmlRepository(IXmlRepository inner, string directory) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements() => inner.GetAllElements();

    public void StoreElement(XElement element, string friendlyName)
    {
        inner.StoreElement(element, friendlyName);
        InstanceSecrets.EnsurePrivateFiles(directory);
    }
}
