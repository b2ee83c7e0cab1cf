using System.Net;
using System.Net.Sockets;
using SmsCallback.Application.AccessNumbers;

namespace SmsCallback.Infrastructure.Sms.Carriers;

/// <summary>The carriers' connections: the host name is resolved here and every address it resolves to must be allowed by
/// <see cref="CarrierUrlRules"/> (a name that resolves to a private, link-local or loopback address is refused before any byte is sent,
/// whatever the URL looked like when the access number was created). No proxy (it would resolve the name itself) and no redirects.</summary>
public static class CarrierConnections
{
    public static SocketsHttpHandler CreateHandler(bool allowLoopback) => new()
    {
        UseProxy = false,
        AllowAutoRedirect = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(5), // DNS changes are seen (and checked) again
        ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowLoopback, ct),
    };

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endPoint, bool allowLoopback, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endPoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endPoint.Host, ct);
        var refused = addresses.FirstOrDefault(a => !CarrierUrlRules.IsAllowedAddress(a, allowLoopback));
        if (addresses.Length == 0 || refused is not null)
            throw new CarrierAddressRefusedException(
                $"{endPoint.Host} resolves to {refused?.ToString() ?? "no address"}, a private, link-local, loopback or reserved address.");

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endPoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    public static bool IsRefusal(Exception e) => RefusalOf(e) is not null;

    public static CarrierAddressRefusedException? RefusalOf(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is CarrierAddressRefusedException refused) return refused;
        return null;
    }
}

public sealed class CarrierAddressRefusedException(string message) : Exception(message);
