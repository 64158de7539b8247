using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_sticky_key: key of fastlb_sticky, a client of a sticky service (fields outside hash_fields zeroed).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct StickyKey
{
    public FlowKey Fields;

    /// <summary>Service id.</summary>
    public uint Service;
}
