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

    /// <summary>bpf_ktime_get_ns() of the flow's last packet.</summary>
    public ulong LastSeenNs;
}
