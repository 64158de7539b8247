using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_decap_config: value of fastlb_decap_config (one entry, key 0).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct DecapConfig
{
    /// <summary>__be16: the UDP port GUE arrives on; 0: GUE not decapsulated.</summary>
    public ushort GuePort;

    /// <summary>Zero.</summary>
    public ushort Pad;

    public static DecapConfig Create(ushort guePort) => new() { GuePort = AbiAddress.ToNetwork(guePort) };
}
