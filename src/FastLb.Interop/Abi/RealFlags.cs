namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_real_flags.</summary>
[Flags]
public enum RealFlags : byte
{
    None = 0,

    /// <summary>Eligible: flows pinned to a real without it are rescheduled.</summary>
    Up = 1,

    /// <summary>Mac is set; else transparent mode asks the neighbour table.</summary>
    Mac = 2,
}
