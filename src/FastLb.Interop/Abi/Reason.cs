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
    RedirectForward = 9,
    TxReply = 10,
    RedirectReply = 11,
    PassNoNeigh = 12,
    DropNoRoute = 13,
    DropTtl = 14,
    DropSnatExhausted = 15,
    TxNeighReply = 16,
    RedirectBridge = 17,
    TxIcmpError = 18,
    RedirectIcmpError = 19,
    TxIcmpTooBig = 20,
    DropTooBig = 21,
}
