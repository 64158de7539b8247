// How a packet for a VIP reaches the chosen real; values match enum fastlb_mode in bpf/lib/abi.h.
namespace FastLb.Model;

public enum ForwardingMode : byte
{
    /// <summary>Direct server return on one L2 segment: only the destination MAC changes.</summary>
    DsrL2 = 0,

    /// <summary>Destination NAT to the real (optional source NAT), TTL - 1, next hop from the FIB.</summary>
    Routed = 1,

    /// <summary>Destination NAT on one L2 network; the destination MAC becomes the real's.</summary>
    Transparent = 2,

    /// <summary>L3 direct server return: IPv4-in-IPv4 / IPv6-in-IPv6 to the real, which decapsulates and answers the client.</summary>
    DsrIpip = 3,

    /// <summary>L3 direct server return: the packet in UDP + GUE to the real's `gue-port`.</summary>
    DsrGue = 4,
}
