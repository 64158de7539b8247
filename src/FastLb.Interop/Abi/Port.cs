namespace FastLb.Interop.Abi;

/// <summary>enum fastlb_port: keys of fastlb_ports (DEVMAP), the interfaces XDP_REDIRECT sends to.</summary>
public enum Port : uint
{
    /// <summary>`interface:`, the client side.</summary>
    Outside = 0,

    /// <summary>`inside-interface:`, the server side (inline only).</summary>
    Inside = 1,
}
