namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_topology_flags.</summary>
[Flags]
public enum TopologyFlags : uint
{
    None = 0,

    /// <summary>Inline transparent: frames not for FastLb cross to the other port.</summary>
    Bridge = 1,
}
