using FastLb.Interop.Abi;

namespace FastLb.PacketTests.Reference;

/// <summary>What the reference model says the XDP program must do with a frame: the reason (which
/// fixes the verdict) and, once the headers parse, the flow key.</summary>
public sealed record ReferenceDecision(Reason Reason, FlowKey? Key)
{
    public XdpVerdict Verdict => Reason switch
    {
        Reason.TxForward => XdpVerdict.Tx,
        Reason.DropMalformed or Reason.DropNoReal or Reason.DropBadService => XdpVerdict.Drop,
        _ => XdpVerdict.Pass,
    };
}
