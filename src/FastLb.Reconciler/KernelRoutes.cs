// The calling thread's main routing table and ARP cache, read from /proc, to tell whether an address is on-link.
using System.Globalization;
using System.Net;

namespace FastLb.Reconciler;

/// <summary>
/// A snapshot of the kernel's IPv4 main table, IPv6 routes and IPv4 neighbours of the calling
/// thread's network namespace (/proc/thread-self/net, so call it inside the namespace).
/// </summary>
public sealed class KernelRoutes
{
    private readonly List<Route> _routes;
    private readonly List<(IPAddress Address, string Device)> _neighbours;

    private KernelRoutes(List<Route> routes, List<(IPAddress, string)> neighbours)
    {
        _routes = routes;
        _neighbours = neighbours;
    }

    /// <summary>One usable route: prefix, length, next hop (null when on-link), metric, device.</summary>
    public sealed record Route(IPAddress Prefix, int Length, IPAddress? Gateway, uint Metric, string Device);

    /// <summary>Reads the tables of the calling thread's namespace.</summary>
    public static KernelRoutes ReadCurrent()
    {
        const string root = "/proc/thread-self/net/";
        var routes = new List<Route>();
        routes.AddRange(ParseIPv4(ReadOrEmpty(root + "route")));
        routes.AddRange(ParseIPv6(ReadOrEmpty(root + "ipv6_route")));
        return new KernelRoutes(routes, ParseArp(ReadOrEmpty(root + "arp")));
    }

    /// <summary>The most specific route to <paramref name="address"/> (lowest metric among equals), or null.</summary>
    public Route? Lookup(IPAddress address) =>
        _routes.Where(r => r.Prefix.AddressFamily == address.AddressFamily && Covers(r, address))
            .OrderByDescending(r => r.Length)
            .ThenBy(r => r.Metric)
            .FirstOrDefault();

    /// <summary>
    /// True when frames for <paramref name="address"/> leave by <paramref name="device"/> with no
    /// router between: its best route is on-link there, or the ARP cache holds it on that device.
    /// </summary>
    public bool OnLink(IPAddress address, string device) =>
        Lookup(address) is { Gateway: null } r && r.Device == device
        || _neighbours.Any(n => n.Address.Equals(address) && n.Device == device);

    private static string ReadOrEmpty(string path) => File.Exists(path) ? File.ReadAllText(path) : "";

    private static IEnumerable<Route> ParseIPv4(string text)
    {
        // Iface Destination Gateway Flags RefCnt Use Metric Mask ...; addresses are the raw
        // network-order words printed as host-order hex.
        foreach (var line in text.Split('\n').Skip(1))
        {
            var f = line.Split('\t', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (f.Length < 8)
            {
                continue;
            }
            var flags = (RouteFlags)Hex(f[3]);
            if (!Usable(flags))
            {
                continue;
            }
            var mask = Hex(f[7]);
            var gateway = flags.HasFlag(RouteFlags.Gateway) ? new IPAddress(BitConverter.GetBytes(Hex(f[2]))) : null;
            yield return new Route(new IPAddress(BitConverter.GetBytes(Hex(f[1]))),
                System.Numerics.BitOperations.PopCount(mask), gateway, Hex(f[6]), f[0]);
        }
    }

    private static IEnumerable<Route> ParseIPv6(string text)
    {
        // dest destlen src srclen nexthop metric refcnt use flags device (hex, network order).
        foreach (var line in text.Split('\n'))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length < 10)
            {
                continue;
            }
            if (!Usable((RouteFlags)Hex(f[8])))
            {
                continue;
            }
            var nextHop = new IPAddress(Convert.FromHexString(f[4]));
            yield return new Route(new IPAddress(Convert.FromHexString(f[0])), (int)Hex(f[1]),
                nextHop.Equals(IPAddress.IPv6Any) ? null : nextHop, Hex(f[5]), f[9]);
        }
    }

    /// <summary>Up, and not a reject (unreachable, prohibit, blackhole) route.</summary>
    private static bool Usable(RouteFlags flags) => flags.HasFlag(RouteFlags.Up) && !flags.HasFlag(RouteFlags.Reject);

    private static List<(IPAddress, string)> ParseArp(string text)
    {
        // IP address, HW type, Flags, HW address, Mask, Device; flags 0x2 = complete.
        var list = new List<(IPAddress, string)>();
        foreach (var line in text.Split('\n').Skip(1))
        {
            var f = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length >= 6 && IPAddress.TryParse(f[0], out var ip) && (Hex(f[2]) & 0x2) != 0)
            {
                list.Add((ip, f[5]));
            }
        }
        return list;
    }

    private static bool Covers(Route route, IPAddress address)
    {
        var prefix = route.Prefix.GetAddressBytes();
        var bytes = address.GetAddressBytes();
        var bits = route.Length;
        for (var i = 0; i < prefix.Length && bits > 0; i++, bits -= 8)
        {
            var mask = bits >= 8 ? 0xff : (byte)(0xff << (8 - bits));
            if ((prefix[i] & mask) != (bytes[i] & mask))
            {
                return false;
            }
        }
        return true;
    }

    private static uint Hex(string s) => uint.Parse(s.StartsWith("0x", StringComparison.Ordinal) ? s[2..] : s, NumberStyles.HexNumber, CultureInfo.InvariantCulture);

    /// <summary>The RTF_* flags of a route in /proc/net/route and ipv6_route that FastLb reads.</summary>
    [Flags]
    private enum RouteFlags : uint
    {
        Up = 0x0001,
        Gateway = 0x0002,
        Reject = 0x0200,
    }
}
