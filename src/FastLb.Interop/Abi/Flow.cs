using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_flow: value of fastlb_flows.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Flow
{
    /// <summary>Real index the flow is pinned to.</summary>
    public uint Real;

    /// <summary>Service id.</summary>
    public uint Service;

    /// <summary>The data-plane clock (clock_now_ns, bpf/lib/clock.h) at creation, rewritten at most once a refresh period.</summary>
    public ulong RefreshedNs;

    /// <summary>__be16: SNAT source port of the flow (network order), 0 without SNAT.</summary>
    public ushort SnatPort;

    /// <summary>enum fastlb_flow_state.</summary>
    public FlowState State;

    /// <summary>Zero.</summary>
    public byte Pad;

    /// <summary>fastlb_real.gen of the real when the flow was pinned: a reused index does not capture the flow.</summary>
    public uint RealGen;

    /// <summary>The flow hash of the key (as FlowHash.OfFlowKey): the tunnels' per-flow outer source bits, GUE port and flow label.</summary>
    public uint Hash;

    /// <summary>Zero.</summary>
    public uint Pad2;
}
