// The MAC addresses of every bench topology, in one place, so frames built by one bench match the neighbours another sets up.
using System.Globalization;

namespace FastLb.Bench;

public static class BenchMacs
{
    /// <summary>The balancer's outside interface: the LB's own MAC.</summary>
    public const string Lb = "02:00:00:00:00:02";

    /// <summary>The balancer's inside interface (inline NAT modes, the packet-rate lab).</summary>
    public const string Inside = "02:00:00:00:00:03";

    /// <summary>Clients, and the generator that stands in for them.</summary>
    public const string Client = "02:00:00:00:00:10";

    /// <summary>Real <paramref name="n"/> (1 to 9), 192.0.2.1n: 02:00:00:00:00:1n.</summary>
    public static string Real(int n)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(n, 9);
        return string.Create(CultureInfo.InvariantCulture, $"02:00:00:00:00:1{n}");
    }
}
