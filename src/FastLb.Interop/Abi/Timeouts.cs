using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_timeouts: the read-only global fastlb_timeouts, idle timeouts by flow state (ns), written before load.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Timeouts
{
    public ulong SynNs;

    public ulong EstablishedNs;

    public ulong FinNs;

    public ulong UdpNs;

    /// <summary>The running kernel's ns per jiffy; 0: unknown, the program reads the coarse clock.</summary>
    public ulong TickNs;

    /// <summary>The running kernel's INITIAL_JIFFIES.</summary>
    public ulong JiffiesStart;
}
