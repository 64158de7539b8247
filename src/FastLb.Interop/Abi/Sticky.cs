using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_sticky: value of fastlb_sticky.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Sticky
{
    /// <summary>Real index the client sticks to.</summary>
    public uint Real;

    /// <summary>fastlb_real.gen when it was chosen.</summary>
    public uint RealGen;

    /// <summary>The data-plane clock (clock_now_ns, bpf/lib/clock.h) of the client's last new flow.</summary>
    public ulong UsedNs;
}
