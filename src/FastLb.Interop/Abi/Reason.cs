namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_reason: why a packet got its verdict; the key of fastlb_stats.</summary>
public enum Reason : uint
{
    TxForward = 0,
    PassNotIp = 1,
    PassNotVip = 2,
    PassFragment = 3,
    PassNotL4 = 4,
    DropMalformed = 5,
    DropNoReal = 6,
    PassIp6Ext = 7,
    DropBadService = 8,
}
