using System.Buffers.Binary;

namespace FastLb.Wire;

/// <summary>The 8-byte IPv6 fragment header.</summary>
internal sealed class IPv6FragmentLayer(ushort fragmentOffset, bool moreFragments, uint identification) : Layer
{
    public override int Length => 8;

    public override byte? IpProtocol => IpProtocols.Fragment;

    public override void Write(Span<byte> frame, int offset, Layer? next)
    {
        var h = frame[offset..];
        h[0] = NextIpProtocol(this, next);
        h[1] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], (ushort)((fragmentOffset << 3) | (moreFragments ? 1 : 0)));
        BinaryPrimitives.WriteUInt32BigEndian(h[4..], identification);
    }
}
