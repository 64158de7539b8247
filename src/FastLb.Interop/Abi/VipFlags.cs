namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_vip_flags: value of fastlb_vips.</summary>
[Flags]
public enum VipFlags : uint
{
    None = 0,

    /// <summary>Answer ARP / neighbour solicitations for this address.</summary>
    AnswerNeigh = 1,
}
