using System.Net;
using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_vip_key: key of fastlb_services. Ports in network byte order.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct VipKey
{
    /// <summary>__be32 addr[4]: the VIP; IPv4 in the first 4 bytes, the rest zero.</summary>
    public fixed uint Addr[4];

    /// <summary>__be16 port: service port, network byte order.</summary>
    public ushort Port;

    /// <summary>IPPROTO_TCP (6) or IPPROTO_UDP (17).</summary>
    public byte Proto;

    public Family Family;

    /// <summary>The VIP.</summary>
    public readonly IPAddress Address => AbiAddress.Read(Family, in Addr[0]);

    /// <summary>The service port in host byte order.</summary>
    public readonly ushort HostPort => AbiAddress.ToHost(Port);

    /// <summary>A zeroed key for <paramref name="vip"/>:<paramref name="port"/>/<paramref name="proto"/> (port in host order).</summary>
    public static VipKey Create(IPAddress vip, ushort port, byte proto)
    {
        var key = default(VipKey);
        key.Family = AbiAddress.Write(vip, new Span<byte>(key.Addr, 16));
        key.Port = AbiAddress.ToNetwork(port);
        key.Proto = proto;
        return key;
    }

    public override readonly string ToString() => $"{Address}:{HostPort}/{Proto}";
}
