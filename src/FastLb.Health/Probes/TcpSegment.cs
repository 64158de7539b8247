// Builds and reads the TCP headers the half-open probe sends and receives (RFC 9293 section 3.1).
using System.Buffers.Binary;
using System.Net;

namespace FastLb.Health.Probes;

public static class TcpSegment
{
    public const byte Fin = 0x01;
    public const byte Syn = 0x02;
    public const byte Rst = 0x04;
    public const byte Psh = 0x08;
    public const byte Ack = 0x10;
    public const byte ProtocolNumber = 6;

    /// <summary>A header with <paramref name="flags"/>, checksummed over the pseudo-header; SYNs carry an MSS option.</summary>
    public static byte[] Build(IPAddress source, ushort sourcePort, IPAddress destination, ushort destinationPort, uint seq, uint ack, byte flags, ushort window)
    {
        var withMss = (flags & Syn) != 0;
        var segment = new byte[withMss ? 24 : 20];
        BinaryPrimitives.WriteUInt16BigEndian(segment, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(4), seq);
        BinaryPrimitives.WriteUInt32BigEndian(segment.AsSpan(8), ack);
        segment[12] = (byte)((segment.Length / 4) << 4);
        segment[13] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(14), window);
        if (withMss)
        {
            segment[20] = 2; // MSS, length 4
            segment[21] = 4;
            BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(22), destination.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? (ushort)1460 : (ushort)1440);
        }
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(16), InternetChecksum.WithPseudoHeader(source, destination, ProtocolNumber, segment));
        return segment;
    }

    /// <summary>Reads ports, numbers and flags; false when shorter than a TCP header.</summary>
    public static bool TryRead(ReadOnlySpan<byte> segment, out TcpHeader header)
    {
        header = default;
        if (segment.Length < 20)
        {
            return false;
        }
        header = new TcpHeader(
            BinaryPrimitives.ReadUInt16BigEndian(segment),
            BinaryPrimitives.ReadUInt16BigEndian(segment[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(segment[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(segment[8..]),
            segment[13]);
        return true;
    }
}
