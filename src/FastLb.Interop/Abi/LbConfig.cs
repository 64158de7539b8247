using System.Net.NetworkInformation;
using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_config: value of fastlb_config (one entry, key 0).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct LbConfig
{
    /// <summary>This interface's MAC: source of rewritten frames.</summary>
    public fixed byte Mac[6];

    /// <summary>Zero.</summary>
    public ushort Pad;

    /// <summary>Interface the program is attached to.</summary>
    public uint Ifindex;

    public readonly PhysicalAddress MacAddress
    {
        get
        {
            fixed (byte* m = Mac)
            {
                return new PhysicalAddress(new ReadOnlySpan<byte>(m, 6).ToArray());
            }
        }
    }

    public static LbConfig Create(PhysicalAddress mac, int ifindex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(ifindex);
        var config = default(LbConfig);
        AbiAddress.WriteMac(mac, new Span<byte>(config.Mac, 6));
        config.Ifindex = (uint)ifindex;
        return config;
    }
}
