namespace FastLb.PacketTests.Reference;

/// <summary>RFC 1624 (eqn. 3) checksum updates for the reference model: HC' = ~(~HC + ~m + m') over
/// every 16-bit word that changed, written from the RFC rather than from the C.</summary>
public static class IncrementalChecksum
{
    /// <summary>The checksum after the big-endian words <paramref name="old"/> became <paramref name="now"/> (equal lengths, even).</summary>
    public static ushort Update(ushort check, ReadOnlySpan<byte> old, ReadOnlySpan<byte> now)
    {
        uint sum = (ushort)~check;
        for (var i = 0; i < old.Length; i += 2)
        {
            sum += (ushort)~BinaryPrimitives.ReadUInt16BigEndian(old[i..]);
            sum += BinaryPrimitives.ReadUInt16BigEndian(now[i..]);
        }
        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }
        return (ushort)~sum;
    }

    /// <summary>Updates the checksum stored at <paramref name="at"/> in <paramref name="frame"/>.</summary>
    public static void Apply(Span<byte> frame, int at, ReadOnlySpan<byte> old, ReadOnlySpan<byte> now)
    {
        var c = Update(BinaryPrimitives.ReadUInt16BigEndian(frame[at..]), old, now);
        BinaryPrimitives.WriteUInt16BigEndian(frame[at..], c);
    }
}
