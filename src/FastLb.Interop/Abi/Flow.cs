using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_flow: what a flow was given, in its connection-table slot.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct Flow
{
    /// <summary>Even: stable; odd while a CPU rewrites the slot (bpf/lib/flowtab.h).</summary>
    public uint Seq;

    /// <summary>Real index the flow is pinned to.</summary>
    public uint Real;

    /// <summary>fastlb_real.gen of the real when the flow was pinned: a reused index does not capture the flow.</summary>
    public uint RealGen;

    /// <summary>The data-plane clock (clock_now_ns) &gt;&gt; <see cref="AbiLimits.FlowTimeShift"/> at creation, rewritten at most once a refresh period.</summary>
    public uint Refreshed;

    /// <summary>Service id.</summary>
    public ushort Service;

    /// <summary>__be16: SNAT source port of the flow (network order), 0 without SNAT.</summary>
    public ushort SnatPort;

    /// <summary>enum fastlb_flow_state.</summary>
    public FlowState State;

    /// <summary>In a bucket's slot 0 only, kept across its entries: enum fastlb_flow_bucket_flags.</summary>
    public FlowBucketFlags BucketFlags;

    /// <summary>Zero.</summary>
    public unsafe fixed byte Pad[2];

    /// <summary><see cref="Refreshed"/> in the data plane's ns (its units are ~1.05 ms).</summary>
    public ulong RefreshedNs
    {
        readonly get => (ulong)Refreshed << AbiLimits.FlowTimeShift;
        set => Refreshed = (uint)(value >> AbiLimits.FlowTimeShift);
    }
}

/// <summary>enum fastlb_flow_bucket_flags.</summary>
[Flags]
public enum FlowBucketFlags : byte
{
    None = 0,

    /// <summary>A flow whose first bucket this is was placed in its second: lookups search there too.</summary>
    Overflow = 1,
}

/// <summary>struct fastlb_flow_slot: one connection-table slot, a flow's key and entry in one cache line; empty when Key.Family is 0.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FlowSlot
{
    public FlowKey Key;

    public Flow Flow;

    public readonly bool Empty => Key.Family == 0;
}

/// <summary>struct fastlb_flow_bucket: value of fastlb_flows, the slots one bucket offers.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct FlowBucket
{
    public FlowSlots Slot;
}

/// <summary>The <see cref="AbiLimits.FlowWays"/> slots of a bucket.</summary>
[System.Runtime.CompilerServices.InlineArray(AbiLimits.FlowWays)]
public struct FlowSlots
{
    private FlowSlot _first;
}
