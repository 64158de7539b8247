using System.Buffers.Binary;

namespace FastLb.Wire;

/// <summary>The 14-byte Ethernet II header.</summary>
internal sealed class EthernetLayer(MacAddress source, MacAddress destination) : Layer
{
    public override int Length => 14;

    public override void Write(Span<byte> frame, int offset, Layer? next)
    {
        destination.WriteTo(frame[offset..]);
        source.WriteTo(frame[(offset + 6)..]);
        BinaryPrimitives.WriteUInt16BigEndian(frame[(offset + 12)..], NextEtherType(this, next));
    }
}
