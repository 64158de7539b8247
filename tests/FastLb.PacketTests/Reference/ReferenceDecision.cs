namespace FastLb.PacketTests.Reference;

/// <summary>What the reference model says the XDP program must do with a frame: the reason (which
/// fixes the verdict) and, once the headers parse, the flow key.</summary>
public sealed record ReferenceDecision(Reason Reason, FlowKey? Key)
{
    /// <summary>Where the IP (or ARP) header starts, once Ethernet parsed.</summary>
    public int L3Offset { get; init; }

    /// <summary>Where the TCP/UDP header starts, once it parsed.</summary>
    public int L4Offset { get; init; }

    /// <summary>The frame the program must send (or pass, rewritten); null: the input unchanged.</summary>
    public byte[]? Output { get; init; }

    public XdpVerdict Verdict => Reason switch
    {
        Reason.TxForward or Reason.TxReply or Reason.TxNeighReply or Reason.TxIcmpError => XdpVerdict.Tx,
        Reason.RedirectForward or Reason.RedirectReply or Reason.RedirectBridge or Reason.RedirectIcmpError => XdpVerdict.Redirect,
        Reason.PassNotIp or Reason.PassNotVip or Reason.PassFragment or Reason.PassNotL4 or Reason.PassIp6Ext or Reason.PassNoNeigh => XdpVerdict.Pass,
        _ => XdpVerdict.Drop,
    };
}
