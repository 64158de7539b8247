using System.Net;
using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>
/// struct fastlb_real_hop: value of fastlb_real_hops (per CPU), keyed by real index: the next hop
/// toward a routed real or a transparent real without a configured MAC.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct RealHop
{
    /// <summary>The real's address the hop was resolved for; IPv4 in [0].</summary>
    public fixed uint Addr[4];

    public Hop Hop;

    public readonly IPAddress Address(Family family) => AbiAddress.Read(family, in Addr[0]);
}
