using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_service: value of fastlb_services.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Service
{
    /// <summary>Index into fastlb_svc_stats and the ring array.</summary>
    public uint Id;

    /// <summary>Maglev table size, a prime &lt;= <see cref="AbiLimits.RingMax"/>.</summary>
    public uint RingSize;

    /// <summary>Live copy of the double-buffered ring: 0 or 1.</summary>
    public byte RingActive;

    public Mode Mode;

    public Algorithm Algorithm;

    /// <summary>Reserved, zero.</summary>
    public byte Flags;

    /// <summary>Zero.</summary>
    public uint Pad;
}
