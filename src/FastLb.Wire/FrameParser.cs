using System.Buffers.Binary;
using System.Net;

namespace FastLb.Wire;

/// <summary>Reads a well-formed frame back into a <see cref="ParsedFrame"/>; throws <see cref="FrameFormatException"/>
/// naming the first field that is cut short or inconsistent.</summary>
public static class FrameParser
{
    public static ParsedFrame Parse(ReadOnlySpan<byte> frame)
    {
        Need(frame, 0, 14, "Ethernet header");
        var dstMac = MacAddress.Read(frame);
        var srcMac = MacAddress.Read(frame[6..]);
        var etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[12..]);
        var offset = 14;
        var vlans = new List<ushort>();
        while (etherType is EtherTypes.Vlan or EtherTypes.QinQ)
        {
            Need(frame, offset, 4, "VLAN tag");
            vlans.Add((ushort)(BinaryPrimitives.ReadUInt16BigEndian(frame[offset..]) & 0x0fff));
            etherType = BinaryPrimitives.ReadUInt16BigEndian(frame[(offset + 2)..]);
            offset += 4;
        }
        var parsed = new ParsedFrame { DestinationMac = dstMac, SourceMac = srcMac, VlanIds = vlans, EtherType = etherType };
        return etherType switch
        {
            EtherTypes.IPv4 => ParseIPv4(frame, offset, parsed),
            EtherTypes.IPv6 => ParseIPv6(frame, offset, parsed),
            _ => parsed,
        };
    }

    private static ParsedFrame ParseIPv4(ReadOnlySpan<byte> frame, int offset, ParsedFrame parsed)
    {
        Need(frame, offset, 20, "IPv4 header");
        var h = frame[offset..];
        if (h[0] >> 4 != 4)
        {
            throw new FrameFormatException($"IPv4 version is {h[0] >> 4}");
        }
        var ihl = (h[0] & 0x0f) * 4;
        if (ihl < 20)
        {
            throw new FrameFormatException($"IPv4 IHL is {ihl / 4} (< 5)");
        }
        Need(frame, offset, ihl, "IPv4 header with options");
        var totalLength = BinaryPrimitives.ReadUInt16BigEndian(h[2..]);
        if (totalLength < ihl)
        {
            throw new FrameFormatException($"IPv4 tot_len {totalLength} is below the header length {ihl}");
        }
        Need(frame, offset, totalLength, "IPv4 datagram (tot_len)");
        var flags = BinaryPrimitives.ReadUInt16BigEndian(h[6..]);
        parsed = parsed with
        {
            L3Offset = offset,
            L3End = offset + totalLength,
            IpVersion = 4,
            Source = new IPAddress(h.Slice(12, 4)),
            Destination = new IPAddress(h.Slice(16, 4)),
            Ttl = h[8],
            IPv4HeaderLength = ihl,
            IPv4HeaderChecksum = BinaryPrimitives.ReadUInt16BigEndian(h[10..]),
            IPv4Identification = BinaryPrimitives.ReadUInt16BigEndian(h[4..]),
            IsFragment = (flags & 0x3fff) != 0,
            Protocol = h[9],
        };
        if ((flags & 0x1fff) != 0)
        {
            return parsed; // a later fragment carries no L4 header
        }
        return ParseL4(frame, offset + ihl, parsed);
    }

    private static ParsedFrame ParseIPv6(ReadOnlySpan<byte> frame, int offset, ParsedFrame parsed)
    {
        Need(frame, offset, 40, "IPv6 header");
        var h = frame[offset..];
        if (h[0] >> 4 != 6)
        {
            throw new FrameFormatException($"IPv6 version is {h[0] >> 4}");
        }
        var payloadLength = BinaryPrimitives.ReadUInt16BigEndian(h[4..]);
        Need(frame, offset, 40 + payloadLength, "IPv6 payload (payload_len)");
        var next = h[6];
        var cursor = offset + 40;
        var extensions = new List<byte>();
        var fragment = false;
        var fragmentOffset = 0;
        while (next is IpProtocols.HopByHop or IpProtocols.Routing or IpProtocols.DestinationOptions or IpProtocols.Fragment)
        {
            Need(frame, cursor, 8, $"IPv6 extension header {next}");
            extensions.Add(next);
            int length;
            if (next == IpProtocols.Fragment)
            {
                fragment = true;
                fragmentOffset = BinaryPrimitives.ReadUInt16BigEndian(frame[(cursor + 2)..]) >> 3;
                length = 8;
            }
            else
            {
                length = (frame[cursor + 1] + 1) * 8;
                Need(frame, cursor, length, $"IPv6 extension header {next}");
            }
            next = frame[cursor];
            cursor += length;
        }
        parsed = parsed with
        {
            L3Offset = offset,
            L3End = offset + 40 + payloadLength,
            IpVersion = 6,
            Source = new IPAddress(h.Slice(8, 16)),
            Destination = new IPAddress(h.Slice(24, 16)),
            Ttl = h[7],
            ExtensionHeaders = extensions,
            IsFragment = fragment,
            Protocol = next,
        };
        if (fragmentOffset != 0)
        {
            return parsed;
        }
        return ParseL4(frame, cursor, parsed);
    }

    private static ParsedFrame ParseL4(ReadOnlySpan<byte> frame, int offset, ParsedFrame parsed)
    {
        var end = parsed.L3End;
        switch (parsed.Protocol)
        {
            case IpProtocols.Tcp:
            {
                Need(frame[..end], offset, 20, "TCP header");
                var t = frame[offset..end];
                var doff = (t[12] >> 4) * 4;
                if (doff < 20)
                {
                    throw new FrameFormatException($"TCP doff is {doff / 4} (< 5)");
                }
                Need(frame[..end], offset, doff, "TCP header with options");
                TcpHeader.TryRead(t, out var tcp);
                return parsed with
                {
                    L4Offset = offset,
                    SourcePort = tcp.SourcePort,
                    DestinationPort = tcp.DestinationPort,
                    Tcp = tcp,
                    L4Checksum = BinaryPrimitives.ReadUInt16BigEndian(t[16..]),
                    Payload = t[doff..].ToArray(),
                };
            }
            case IpProtocols.Udp:
            {
                Need(frame[..end], offset, 8, "UDP header");
                var u = frame[offset..end];
                var length = BinaryPrimitives.ReadUInt16BigEndian(u[4..]);
                if (length < 8)
                {
                    throw new FrameFormatException($"UDP length {length} is below 8");
                }
                Need(frame[..end], offset, length, "UDP datagram (len)");
                return parsed with
                {
                    L4Offset = offset,
                    SourcePort = BinaryPrimitives.ReadUInt16BigEndian(u),
                    DestinationPort = BinaryPrimitives.ReadUInt16BigEndian(u[2..]),
                    L4Checksum = BinaryPrimitives.ReadUInt16BigEndian(u[6..]),
                    Payload = u[8..length].ToArray(),
                };
            }
            case IpProtocols.Icmp or IpProtocols.Icmpv6:
            {
                Need(frame[..end], offset, 8, "ICMP header");
                var m = frame[offset..end];
                return parsed with
                {
                    L4Offset = offset,
                    L4Checksum = BinaryPrimitives.ReadUInt16BigEndian(m[2..]),
                    Payload = m[8..].ToArray(),
                };
            }
            default:
                return parsed with { L4Offset = offset, Payload = frame[offset..end].ToArray() };
        }
    }

    private static void Need(ReadOnlySpan<byte> frame, int offset, int length, string what)
    {
        if (offset + length > frame.Length)
        {
            throw new FrameFormatException($"{what} needs bytes {offset}..{offset + length} but the frame ends at {frame.Length}");
        }
    }
}
