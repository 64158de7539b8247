using System.Net;
using System.Runtime.InteropServices;

namespace FastLb.Interop.Abi;

/// <summary>struct fastlb_flow_key: key of fastlb_flows, the 5-tuple as on the wire (ports in network byte order).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct FlowKey
{
    /// <summary>Source address; IPv4 in the first 4 bytes.</summary>
    public fixed uint Src[4];

    /// <summary>Destination address.</summary>
    public fixed uint Dst[4];

    /// <summary>__be16 source port.</summary>
    public ushort Sport;

    /// <summary>__be16 destination port.</summary>
    public ushort Dport;

    public byte Proto;

    public Family Family;

    /// <summary>Zero.</summary>
    public ushort Pad;

    public readonly IPAddress Source => AbiAddress.Read(Family, in Src[0]);

    public readonly IPAddress Destination => AbiAddress.Read(Family, in Dst[0]);

    public readonly ushort SourcePort => AbiAddress.ToHost(Sport);

    public readonly ushort DestinationPort => AbiAddress.ToHost(Dport);

    /// <summary>A zeroed key (ports in host order); both addresses must share a family.</summary>
    public static FlowKey Create(IPAddress src, ushort sport, IPAddress dst, ushort dport, byte proto)
    {
        var key = default(FlowKey);
        var family = AbiAddress.Write(src, new Span<byte>(key.Src, 16));
        if (AbiAddress.Write(dst, new Span<byte>(key.Dst, 16)) != family)
        {
            throw new ArgumentException($"flow {src} -> {dst} mixes address families", nameof(dst));
        }
        key.Family = family;
        key.Sport = AbiAddress.ToNetwork(sport);
        key.Dport = AbiAddress.ToNetwork(dport);
        key.Proto = proto;
        return key;
    }

    public override readonly string ToString() => $"{Source}:{SourcePort} -> {Destination}:{DestinationPort}/{Proto}";
}
