using System.Net.NetworkInformation;
using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>
/// struct fastlb_hop: a next hop as bpf_fib_lookup answered it, reused by the NAT modes until it is
/// older than the data plane's refresh period (bpf/lib/nat_hop.h).
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct Hop
{
    /// <summary>Data-plane clock (clock_now_ns: CLOCK_MONOTONIC ns at tick precision) of the lookup; 0: none yet.</summary>
    public ulong ResolvedNs;

    /// <summary>Egress interface.</summary>
    public uint Ifindex;

    /// <summary>Interface the packet came in by: a packet from another is looked up afresh.</summary>
    public uint Ingress;

    /// <summary>Next hop's MAC.</summary>
    public fixed byte Dmac[6];

    /// <summary>Egress interface's MAC.</summary>
    public fixed byte Smac[6];

    /// <summary>The route's MTU as the lookup checked it: a longer packet is looked up afresh.</summary>
    public ushort Mtu;

    /// <summary>Zero.</summary>
    public ushort Pad;

    public readonly PhysicalAddress DestinationMac => AbiAddress.ReadMac(in Dmac[0]);

    public readonly PhysicalAddress SourceMac => AbiAddress.ReadMac(in Smac[0]);
}
