using System.Net;
using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_encap: value of fastlb_encap, keyed by service id: a dsr-ipip / dsr-gue service's tunnel.</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct Encap
{
    /// <summary>__be32 src[4]: outer source; IPv4 in the first 4 bytes.</summary>
    public fixed uint Src[4];

    /// <summary>__be32: mask over the family's last word whose bits come from the flow hash.</summary>
    public uint SrcVary;

    /// <summary>__be16: dsr-gue's outer UDP destination port.</summary>
    public ushort GuePort;

    public Family Family;

    /// <summary>Zero.</summary>
    public byte Pad;

    public readonly IPAddress Source => AbiAddress.Read(Family, in Src[0]);

    /// <summary>
    /// The tunnel of a service: outer source <paramref name="source"/>, of which the low
    /// <paramref name="varyBits"/> bits (at most 32, of the last 32-bit word) come from the flow
    /// hash; <paramref name="guePort"/> 0 for dsr-ipip.
    /// </summary>
    public static Encap Create(IPAddress source, int varyBits, ushort guePort)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(varyBits);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(varyBits, source.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 16 : 32);
        var value = default(Encap);
        value.Family = AbiAddress.Write(source, new Span<byte>(value.Src, 16));
        var mask = varyBits == 32 ? uint.MaxValue : (1u << varyBits) - 1;
        value.SrcVary = (uint)IPAddress.HostToNetworkOrder((int)mask);
        value.GuePort = AbiAddress.ToNetwork(guePort);
        return value;
    }
}
