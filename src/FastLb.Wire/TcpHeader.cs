using System.Buffers.Binary;

namespace FastLb.Wire;

/// <summary>The fields of a TCP header (RFC 9293 section 3.1) as read from the wire.</summary>
public readonly record struct TcpHeader(ushort SourcePort, ushort DestinationPort, uint Seq, uint Ack, TcpFlags Flags, int HeaderLength, ushort Window)
{
    /// <summary>True when every flag in <paramref name="flags"/> is set.</summary>
    public bool Has(TcpFlags flags) => (Flags & flags) == flags;

    /// <summary>Reads the header at the start of <paramref name="segment"/>; false when it is cut
    /// short or its data offset is below 5 words or beyond the segment.</summary>
    public static bool TryRead(ReadOnlySpan<byte> segment, out TcpHeader header)
    {
        header = default;
        if (segment.Length < 20)
        {
            return false;
        }
        var length = (segment[12] >> 4) * 4;
        if (length < 20 || length > segment.Length)
        {
            return false;
        }
        header = new TcpHeader(
            BinaryPrimitives.ReadUInt16BigEndian(segment),
            BinaryPrimitives.ReadUInt16BigEndian(segment[2..]),
            BinaryPrimitives.ReadUInt32BigEndian(segment[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(segment[8..]),
            (TcpFlags)segment[13],
            length,
            BinaryPrimitives.ReadUInt16BigEndian(segment[14..]));
        return true;
    }

    public override string ToString()
    {
        var f = Flags;
        var letters = (f.HasFlag(TcpFlags.Syn) ? "S" : "") + (f.HasFlag(TcpFlags.Ack) ? "A" : "") + (f.HasFlag(TcpFlags.Rst) ? "R" : "")
            + (f.HasFlag(TcpFlags.Fin) ? "F" : "") + (f.HasFlag(TcpFlags.Psh) ? "P" : "");
        return $"{SourcePort}>{DestinationPort} [{letters}] seq={Seq} ack={Ack}";
    }
}
