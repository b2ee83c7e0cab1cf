using System.Net;
using System.Net.Sockets;

namespace SmsCallback.Application.AccessNumbers;

/// <summary><c>Sms:CarrierUrls</c>. Carrier credentials travel only over https to public addresses; a carrier stand-in on this machine
/// (a local Kannel, a fake carrier in tests) needs the explicit <see cref="AllowHttpToLoopback"/>.</summary>
public sealed class CarrierUrlOptions
{
    public const string Section = "Sms:CarrierUrls";

    /// <summary>Development setting (default false): carrier URLs may point at loopback addresses (127.0.0.0/8, ::1, localhost), over http
    /// or https. Private and link-local addresses stay refused.</summary>
    public bool AllowHttpToLoopback { get; set; }
}

/// <summary>Where the platform may send a carrier's credentials: checked when an access number is created (the URL as written) and again
/// for every connection (the addresses its name resolves to), so a name that later resolves inside the network is refused too.</summary>
public static class CarrierUrlRules
{
    /// <returns>null when the URL may be used, else why not (a sentence for the admin).</returns>
    public static string? Check(string? url, bool allowLoopback) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) ? Check(uri, allowLoopback) : "The carrier URL must be an absolute https URL.";

    public static string? Check(Uri uri, bool allowLoopback)
    {
        if (uri.Scheme is not ("https" or "http")) return "The carrier URL must be an absolute https URL.";
        if (uri.UserInfo.Length > 0) return "The carrier URL must not carry a user name or password.";
        var loopbackName = uri.IdnHost.Equals("localhost", StringComparison.OrdinalIgnoreCase)
            || uri.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
        var address = IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var ip) ? ip : null;
        if (loopbackName || (address is not null && IPAddress.IsLoopback(address)))
            return allowLoopback ? null
                : $"The carrier URL's address ({uri.IdnHost}) is this machine; only Sms:CarrierUrls:AllowHttpToLoopback (development) allows that.";
        if (address is not null && !IsPublic(address))
            return $"The carrier URL's address ({uri.IdnHost}) is private, link-local or reserved; carrier credentials go to public addresses only.";
        if (uri.Scheme != "https") return "The carrier URL must use https (carrier credentials are never sent in clear text).";
        return null;
    }

    /// <summary>May a connection to a carrier go to this address? Loopback only when allowed; never a private, link-local, shared,
    /// reserved, documentation or multicast one.</summary>
    public static bool IsAllowedAddress(IPAddress address, bool allowLoopback) =>
        IPAddress.IsLoopback(address) ? allowLoopback : IsPublic(address);

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6) address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address)) return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] is 0 or 10 or 127 or >= 224 // this network, private, loopback, multicast and reserved
                || (b[0] == 100 && b[1] is >= 64 and <= 127) // shared address space (carrier-grade NAT)
                || (b[0] == 169 && b[1] == 254) // link-local (cloud metadata)
                || (b[0] == 172 && b[1] is >= 16 and <= 31)
                || (b[0] == 192 && b[1] == 168)
                || (b[0] == 192 && b[1] == 0 && b[2] is 0 or 2) // IETF protocol assignments, TEST-NET-1
                || (b[0] == 198 && b[1] is 18 or 19) // benchmarking
                || (b[0] == 198 && b[1] == 51 && b[2] == 100) || (b[0] == 203 && b[1] == 0 && b[2] == 113)); // TEST-NET-2, -3
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            var b = address.GetAddressBytes();
            return !(address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
                || (b[0] & 0xFE) == 0xFC // unique local fc00::/7
                || (b[0] == 0x20 && b[1] == 0x01 && b[2] == 0x0D && b[3] == 0xB8) // documentation 2001:db8::/32
                || (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B) // NAT64 64:ff9b::/96 reaches IPv4 inside
                || (b[0] == 0x20 && b[1] == 0x02)); // 6to4 2002::/16 embeds an IPv4 address
        }
        return false;
    }
}
