using System.Net;
using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_vip_addr: key of fastlb_vips, a VIP address whatever its ports.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct VipAddr
{
    /// <summary>__be32 addr[4]: IPv4 in the first 4 bytes, the rest zero.</summary>
    public fixed uint Addr[4];

    public Family Family;

    /// <summary>Zero.</summary>
    public fixed byte Pad[3];

    public readonly IPAddress Address => AbiAddress.Read(Family, in Addr[0]);

    /// <summary>A zeroed key for <paramref name="vip"/>.</summary>
    public static VipAddr Create(IPAddress vip)
    {
        var key = default(VipAddr);
        key.Family = AbiAddress.Write(vip, new Span<byte>(key.Addr, 16));
        return key;
    }
}
