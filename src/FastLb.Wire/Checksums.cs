using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace FastLb.Wire;

/// <summary>RFC 1071 Internet checksums, and a from-scratch check of every checksum in a frame.</summary>
public static class Checksums
{
    /// <summary>The Internet checksum of <paramref name="data"/> (the value to store in the header).</summary>
    public static ushort Internet(ReadOnlySpan<byte> data) => Fold(Sum(0, data));

    /// <summary>The TCP/UDP/ICMPv6 checksum of <paramref name="segment"/> (checksum field zeroed or not;
    /// a stored correct checksum makes the result 0) over the IPv4 or IPv6 pseudo-header.</summary>
    public static ushort Transport(IPAddress source, IPAddress destination, byte protocol, ReadOnlySpan<byte> segment)
    {
        if (source.AddressFamily != destination.AddressFamily)
        {
            throw new ArgumentException($"pseudo-header addresses differ in family: {source} and {destination}");
        }
        ulong sum = 0;
        sum = Sum(sum, source.GetAddressBytes());
        sum = Sum(sum, destination.GetAddressBytes());
        Span<byte> tail = stackalloc byte[8];
        if (source.AddressFamily == AddressFamily.InterNetwork)
        {
            // zero, protocol, 16-bit length
            tail[0] = 0;
            tail[1] = protocol;
            BinaryPrimitives.WriteUInt16BigEndian(tail[2..], (ushort)segment.Length);
            sum = Sum(sum, tail[..4]);
        }
        else
        {
            // 32-bit length, three zero bytes, next header
            BinaryPrimitives.WriteUInt32BigEndian(tail, (uint)segment.Length);
            tail[4] = 0;
            tail[5] = 0;
            tail[6] = 0;
            tail[7] = protocol;
            sum = Sum(sum, tail);
        }
        return Fold(Sum(sum, segment));
    }

    /// <summary>Recomputes every checksum in the frame (IPv4 header, TCP, UDP, ICMP, ICMPv6).</summary>
    public static ChecksumReport Check(ReadOnlySpan<byte> frame)
    {
        var parsed = FrameParser.Parse(frame);
        var results = new List<ChecksumResult>();
        if (parsed.IpVersion == 4)
        {
            var header = frame.Slice(parsed.L3Offset, parsed.IPv4HeaderLength);
            results.Add(new ChecksumResult("IPv4 header", parsed.IPv4HeaderChecksum, Recompute(header, 10, h => Internet(h))));
        }
        if (parsed.IsFragment || parsed.L4Offset < 0)
        {
            return new ChecksumReport(results); // a fragment's L4 checksum spans the whole datagram
        }
        var l4 = frame[parsed.L4Offset..parsed.L3End];
        var src = parsed.Source!;
        var dst = parsed.Destination!;
        switch (parsed.Protocol)
        {
            case IpProtocols.Tcp:
                results.Add(new ChecksumResult("TCP", BinaryPrimitives.ReadUInt16BigEndian(l4[16..]),
                    Recompute(l4, 16, s => Transport(src, dst, IpProtocols.Tcp, s))));
                break;
            case IpProtocols.Udp:
                var stored = BinaryPrimitives.ReadUInt16BigEndian(l4[6..]);
                if (stored == 0 && parsed.IpVersion == 4)
                {
                    break; // IPv4 UDP without a checksum
                }
                var udp = Recompute(l4, 6, s => Transport(src, dst, IpProtocols.Udp, s));
                results.Add(new ChecksumResult("UDP", stored, udp == 0 ? (ushort)0xffff : udp));
                break;
            case IpProtocols.Icmp:
                results.Add(new ChecksumResult("ICMP", BinaryPrimitives.ReadUInt16BigEndian(l4[2..]), Recompute(l4, 2, s => Internet(s))));
                break;
            case IpProtocols.Icmpv6:
                results.Add(new ChecksumResult("ICMPv6", BinaryPrimitives.ReadUInt16BigEndian(l4[2..]),
                    Recompute(l4, 2, s => Transport(src, dst, IpProtocols.Icmpv6, s))));
                break;
        }
        return new ChecksumReport(results);
    }

    /// <summary>Throws <see cref="FrameFormatException"/> naming each checksum that is wrong; returns the report.</summary>
    public static ChecksumReport Verify(ReadOnlySpan<byte> frame)
    {
        var report = Check(frame);
        if (!report.AllValid)
        {
            throw new FrameFormatException("bad checksum: " + string.Join("; ", report.Results.Where(r => !r.Valid)));
        }
        return report;
    }

    private delegate ushort SpanSum(ReadOnlySpan<byte> data);

    // Sums a copy with the checksum field at `field` zeroed, so the stored value is not trusted.
    private static ushort Recompute(ReadOnlySpan<byte> data, int field, SpanSum sum)
    {
        var copy = data.ToArray();
        copy[field] = 0;
        copy[field + 1] = 0;
        return sum(copy);
    }

    private static ulong Sum(ulong sum, ReadOnlySpan<byte> data)
    {
        var i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += (uint)((data[i] << 8) | data[i + 1]);
        }
        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8); // odd length: pad with a zero byte
        }
        return sum;
    }

    private static ushort Fold(ulong sum)
    {
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (ushort)~sum;
    }
}
