using System.Net;
using System.Net.Sockets;

namespace SmsCallback.Api.Infrastructure;

/// <summary>Who is asking, for the sign-in rate limit and lockout: the connection's address, an IPv6 address as its /64 network (one
/// subscriber usually holds a whole /64), and "unknown" when the server has none (in-process test servers). Behind a reverse proxy the
/// address is the proxy's unless the forwarded headers are trusted (docs/security/sessions.md).</summary>
public static class ClientAddress
{
    public const string Unknown = "unknown";

    public static string Of(HttpContext http)
    {
        var address = http.Connection.RemoteIpAddress;
        if (address is null) return Unknown;
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (address.AddressFamily != AddressFamily.InterNetworkV6) return address.ToString();
        var bytes = address.GetAddressBytes();
        Array.Clear(bytes, 8, 8);
        return new IPAddress(bytes) + "/64";
    }
}
