// Gets FastLb's kernel to resolve the reals' next hops before the first packet needs them.
using System.Net;
using System.Net.Sockets;
using FastLb.Interop.Netns;
using FastLb.Model;

namespace FastLb.Reconciler;

/// <summary>
/// Routed and transparent (without `mac:`) reals are reached through the kernel's neighbour table
/// (bpf_fib_lookup). A miss hands the rewritten packet to the kernel, which drops it when its
/// source is FastLb's own SNAT address (a martian to IPv4), so the first flows to an unresolved
/// real would never be served. One empty UDP datagram to each real (discard port 9) from
/// FastLb's namespace makes the kernel resolve the next hop at start and on every reload.
/// </summary>
public static class NeighbourWarmup
{
    private const int DiscardPort = 9;

    /// <summary>The reals whose next hop FastLb's kernel must know.</summary>
    public static IReadOnlyList<IPAddress> Targets(FastLbConfig config) =>
        [.. config.Services
            .Where(s => s.Mode is ForwardingMode.Routed or ForwardingMode.Transparent)
            .SelectMany(s => (s.Backup is null ? s.Reals : [.. s.Reals, s.Backup]).Where(r => s.Mode == ForwardingMode.Routed || r.Mac is null))
            .Select(r => r.Address)
            .Distinct()];

    /// <summary>Sends the datagrams from <paramref name="ns"/> (null: here); returns how many left. Never throws for a real.</summary>
    public static int Run(FastLbConfig config, NetworkNamespace? ns)
    {
        var targets = Targets(config);
        if (targets.Count == 0)
        {
            return 0;
        }
        int Send()
        {
            var sent = 0;
            foreach (var address in targets)
            {
                try
                {
                    using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                    socket.SendTo([], new IPEndPoint(address, DiscardPort));
                    sent++;
                }
                catch (SocketException)
                {
                    // No route yet: the data plane counts what it cannot forward.
                }
            }
            return sent;
        }
        return ns is null ? Send() : ns.Run(Send);
    }
}
