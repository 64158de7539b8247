using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_real_counter: per-CPU value of fastlb_real_stats, by real index.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct RealCounter
{
    public ulong Packets;

    public ulong Bytes;

    /// <summary>Flows first pinned to this real.</summary>
    public ulong NewFlows;
}
