namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_decap_reason: why the decapsulator gave a packet its verdict; the key of fastlb_decap_stats.</summary>
public enum DecapReason : uint
{
    /// <summary>XDP_PASS: not a tunnel packet, untouched.</summary>
    PassOther = 0,

    /// <summary>XDP_PASS: outer headers stripped, the inner packet to the stack.</summary>
    PassDecap = 1,

    /// <summary>XDP_PASS: a tunnel packet for no configured VIP, untouched.</summary>
    PassNotVip = 2,

    /// <summary>XDP_PASS: an outer fragment, untouched.</summary>
    PassFragment = 3,

    /// <summary>XDP_DROP: a tunnel packet with a truncated or inconsistent outer, GUE or inner header.</summary>
    DropMalformed = 4,
}
