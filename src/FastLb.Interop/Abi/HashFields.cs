namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_hash_field: the flow-key fields a hash or sticky service uses.</summary>
[Flags]
public enum HashFields : byte
{
    None = 0,
    SrcIp = 1,
    DstIp = 2,
    SrcPort = 4,
    DstPort = 8,
    Proto = 16,
    All = 31,
}
