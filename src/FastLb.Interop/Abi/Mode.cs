namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_mode: forwarding modes.</summary>
public enum Mode : byte
{
    /// <summary>Rewrite MACs only; the real owns the VIP on loopback.</summary>
    DsrL2 = 0,

    /// <summary>DNAT (+ optional SNAT), TTL - 1, MACs from the FIB.</summary>
    Routed = 1,

    /// <summary>DNAT, destination MAC the real's, source MAC kept: a balancing switch.</summary>
    Transparent = 2,

    /// <summary>L3 DSR: IPv4-in-IPv4 / IPv6-in-IPv6 to the real.</summary>
    DsrIpip = 3,

    /// <summary>L3 DSR: outer IP + UDP + GUE to the real.</summary>
    DsrGue = 4,
}
