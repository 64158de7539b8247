namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_algorithm: real-selection algorithms.</summary>
public enum Algorithm : byte
{
    /// <summary>Consistent hash of the 5-tuple through the ring.</summary>
    Maglev = 0,
}
