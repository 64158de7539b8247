namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_flow_event: keys of fastlb_flow_events, what happened to flow entries.</summary>
public enum FlowEvent : uint
{
    /// <summary>A flow pinned into the connection table.</summary>
    New = 0,

    /// <summary>A SYN-only flow pinned into the SYN table.</summary>
    NewSyn = 1,

    /// <summary>A SYN-only flow moved to the connection table by its first packet without SYN.</summary>
    Promoted = 2,

    /// <summary>A TCP packet without SYN found no entry: an evicted flow, or one started elsewhere.</summary>
    MissNotSyn = 3,

    /// <summary>An entry idle past its state's timeout, found and replaced.</summary>
    Expired = 4,
}
