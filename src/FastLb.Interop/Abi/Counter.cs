using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_counter: per-CPU value of fastlb_stats (by reason) and fastlb_svc_stats (by service id).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Counter
{
    public ulong Packets;

    public ulong Bytes;
}
