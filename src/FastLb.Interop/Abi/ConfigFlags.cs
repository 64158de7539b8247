namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_config_flags.</summary>
[Flags]
public enum ConfigFlags : uint
{
    None = 0,

    /// <summary>Inline transparent: frames not for FastLb cross to the other port.</summary>
    Bridge = 1,
}
