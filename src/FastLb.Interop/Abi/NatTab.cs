namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_nat_tab: keys of fastlb_nats, the NAT reverse tables.</summary>
public enum NatTab : uint
{
    /// <summary>Entries of established flows (and UDP, and flows first seen without SYN).</summary>
    Established = 0,

    /// <summary>Entries of flows that have sent only SYNs: a SYN flood churns this table alone.</summary>
    Opening = 1,
}
