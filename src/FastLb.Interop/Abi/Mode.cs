namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_mode: forwarding modes.</summary>
public enum Mode : byte
{
    /// <summary>Rewrite MACs only; the real owns the VIP on loopback.</summary>
    DsrL2 = 0,
}
