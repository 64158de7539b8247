namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_flow_event: keys of fastlb_flow_events, what happened to flow entries.</summary>
public enum FlowEvent : uint
{
    /// <summary>A flow pinned whose first packet was not a SYN.</summary>
    New = 0,

    /// <summary>A SYN-only flow pinned.</summary>
    NewSyn = 1,

    /// <summary>A SYN-only flow's first packet without SYN: established in its slot.</summary>
    Promoted = 2,

    /// <summary>A TCP packet without SYN found no entry: an evicted flow, or one started elsewhere.</summary>
    MissNotSyn = 3,

    /// <summary>An entry idle past its state's timeout, found and replaced.</summary>
    Expired = 4,

    /// <summary>A live established flow replaced by a new one: the table is too small.</summary>
    Evicted = 5,

    /// <summary>A SYN-only flow not pinned: its candidate slots hold live established flows.</summary>
    Full = 6,

    /// <summary>A flow not pinned or moved on: another CPU was writing its slot.</summary>
    Busy = 7,

    /// <summary>A flow pinned in a far bucket of the connection table (its near one had no room).</summary>
    PlacedFar = 8,

    /// <summary>A SNAT port whose reverse entry names a flow that is gone (expired, re-pinned or replaced), taken by a new flow.</summary>
    SnatReclaimed = 9,
}
