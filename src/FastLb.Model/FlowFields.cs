// The flow-key fields a `hash` service hashes or a `sticky` service keys clients by; values match enum fastlb_hash_field.
namespace FastLb.Model;

[Flags]
public enum FlowFields : byte
{
    None = 0,

    /// <summary>`src-ip`.</summary>
    SrcIp = 1,

    /// <summary>`dst-ip`.</summary>
    DstIp = 2,

    /// <summary>`src-port`.</summary>
    SrcPort = 4,

    /// <summary>`dst-port`.</summary>
    DstPort = 8,

    /// <summary>`protocol`.</summary>
    Protocol = 16,

    /// <summary>All five: the 5-tuple.</summary>
    All = 31,
}
