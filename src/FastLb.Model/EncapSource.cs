// FastLb's outer source address for L3 DSR tunnels, as `encap-source:` writes it per family.
using System.Net;
using System.Net.Sockets;

namespace FastLb.Model;

/// <summary>
/// The outer source of tunnelled packets: <see cref="Address"/> alone (PrefixLength the full
/// width), or a prefix whose host bits vary per flow (from the flow hash) so the real's NIC
/// spreads IPIP flows over its queues. Every address of the prefix must route back to FastLb.
/// </summary>
public sealed record EncapSource(IPAddress Address, int PrefixLength)
{
    /// <summary>Shortest prefixes allowed: at most 16 varied bits for IPv4, 32 for IPv6.</summary>
    public const int MinPrefix4 = 16;

    public const int MinPrefix6 = 96;

    /// <summary>Bits of the address taken from the flow hash: the prefix's host bits.</summary>
    public int VaryBits => (Address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32) - PrefixLength;

    public override string ToString() => VaryBits == 0 ? Address.ToString() : $"{Address}/{PrefixLength}";
}
