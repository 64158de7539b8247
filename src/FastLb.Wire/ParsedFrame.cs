using System.Net;

namespace FastLb.Wire;

/// <summary>A frame read back by <see cref="FrameParser"/>. Offsets index the frame; -1 when absent.</summary>
public sealed record ParsedFrame
{
    public required MacAddress DestinationMac { get; init; }

    public required MacAddress SourceMac { get; init; }

    /// <summary>VLAN ids of the tags in order (outermost first).</summary>
    public required IReadOnlyList<ushort> VlanIds { get; init; }

    /// <summary>The EtherType after any VLAN tags.</summary>
    public required ushort EtherType { get; init; }

    public int L3Offset { get; init; } = -1;

    /// <summary>End of the IP datagram (tot_len / payload_len), before any Ethernet padding.</summary>
    public int L3End { get; init; } = -1;

    /// <summary>4, 6, or 0 when the frame is not IP.</summary>
    public int IpVersion { get; init; }

    public IPAddress? Source { get; init; }

    public IPAddress? Destination { get; init; }

    /// <summary>IPv4 TTL or IPv6 hop limit.</summary>
    public byte Ttl { get; init; }

    public int IPv4HeaderLength { get; init; }

    public ushort IPv4HeaderChecksum { get; init; }

    public ushort IPv4Identification { get; init; }

    /// <summary>IPv6 extension headers walked, by type, in order.</summary>
    public IReadOnlyList<byte> ExtensionHeaders { get; init; } = [];

    /// <summary>IPv4 MF/offset set, or an IPv6 fragment header present.</summary>
    public bool IsFragment { get; init; }

    /// <summary>The upper-layer protocol (after extension headers).</summary>
    public byte Protocol { get; init; }

    public int L4Offset { get; init; } = -1;

    public ushort SourcePort { get; init; }

    public ushort DestinationPort { get; init; }

    /// <summary>The TCP header, when <see cref="Protocol"/> is TCP.</summary>
    public TcpHeader? Tcp { get; init; }

    public TcpFlags TcpFlags => Tcp?.Flags ?? TcpFlags.None;

    public uint TcpSequence => Tcp?.Seq ?? 0;

    /// <summary>The TCP, UDP, ICMP or ICMPv6 checksum as stored.</summary>
    public ushort L4Checksum { get; init; }

    /// <summary>Bytes after the L4 header, up to the end of the IP datagram.</summary>
    public byte[] Payload { get; init; } = [];
}
