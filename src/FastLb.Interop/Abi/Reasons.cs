using FastLb.Interop.Bpf;

namespace FastLb.Interop.Abi;

/// <summary>The verdict each <see cref="Reason"/> carries, as abi.h documents it.</summary>
public static class Reasons
{
    /// <summary>Every reason, in key order (0 .. <see cref="AbiLimits.ReasonCount"/> - 1).</summary>
    public static IReadOnlyList<Reason> All { get; } = Enum.GetValues<Reason>();

    /// <summary>The XDP verdict of <paramref name="reason"/>.</summary>
    public static XdpAction Verdict(Reason reason) => reason switch
    {
        Reason.TxForward or Reason.TxReply or Reason.TxNeighReply or Reason.TxIcmpError or Reason.TxIcmpTooBig => XdpAction.Tx,
        Reason.RedirectForward or Reason.RedirectReply or Reason.RedirectBridge or Reason.RedirectIcmpError => XdpAction.Redirect,
        Reason.PassNotIp or Reason.PassNotVip or Reason.PassFragment or Reason.PassNotL4 or Reason.PassIp6Ext
            or Reason.PassNoNeigh => XdpAction.Pass,
        Reason.DropMalformed or Reason.DropNoReal or Reason.DropBadService or Reason.DropNoRoute or Reason.DropTtl
            or Reason.DropSnatExhausted or Reason.DropTooBig => XdpAction.Drop,
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "not a fastlb_reason"),
    };
}
