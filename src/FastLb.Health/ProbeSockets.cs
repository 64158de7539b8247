// Creates probe sockets in the target's network namespace, bound to its source address.
using System.Net;
using System.Net.Sockets;
using FastLb.Health.Sockets;

namespace FastLb.Health;

public static class ProbeSockets
{
    /// <summary>
    /// A socket made inside <see cref="CheckTarget.Namespace"/> (when set) and bound to
    /// <see cref="CheckTarget.Source"/> (when set). The namespace only matters at creation;
    /// the socket is then used asynchronously from any thread. A namespace that is the
    /// process's own costs nothing; another one hands out stream and datagram sockets made ahead in batches.
    /// </summary>
    public static Socket Create(CheckTarget target, SocketType type, ProtocolType protocol)
    {
        var family = target.Address.AddressFamily;
        Socket socket;
        if (target.Namespace is null)
        {
            socket = new Socket(family, type, protocol);
        }
        else
        {
            var id = NamespaceId.Of(target.Namespace);
            socket = id == NamespaceId.Home ? new Socket(family, type, protocol)
                // A raw socket waiting unused would still be handed a copy of every matching packet.
                : type == SocketType.Raw ? target.Namespace.Run(() => new Socket(family, type, protocol))
                : NamespaceSocketPool.Take(target.Namespace, id, family, type, protocol);
        }
        try
        {
            if (target.Source is not null)
            {
                if (target.Source.AddressFamily != family)
                {
                    throw new ArgumentException($"source {target.Source} and target {target.Address} are of different address families", nameof(target));
                }
                socket.Bind(new IPEndPoint(target.Source, 0));
            }
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>A socket made as by <see cref="Create"/> and connected to the target; the caller owns it.</summary>
    public static async Task<Socket> ConnectAsync(CheckTarget target, SocketType type, ProtocolType protocol, CancellationToken ct)
    {
        var socket = Create(target, type, protocol);
        try
        {
            await socket.ConnectAsync(target.EndPoint, ct).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The local address the kernel would use to reach the target (its source address, or
    /// a route lookup by a connected UDP socket, which sends nothing).
    /// </summary>
    public static IPAddress LocalAddressFor(CheckTarget target)
    {
        if (target.Source is not null)
        {
            return target.Source;
        }
        using var udp = Create(target, SocketType.Dgram, ProtocolType.Udp);
        udp.Connect(new IPEndPoint(target.Address, 9));
        return ((IPEndPoint)udp.LocalEndPoint!).Address;
    }
}
