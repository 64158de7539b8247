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
}
