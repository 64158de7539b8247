using System.Buffers.Binary;

namespace FastLb.Wire;

/// <summary>A 4-byte 802.1Q/802.1ad tag: TCI then the inner EtherType.</summary>
internal sealed class VlanLayer(ushort tpid, ushort vlanId, byte priority) : Layer
{
    public override int Length => 4;

    public override ushort? EtherType => tpid;

    public override void Write(Span<byte> frame, int offset, Layer? next)
    {
        BinaryPrimitives.WriteUInt16BigEndian(frame[offset..], (ushort)((priority << 13) | (vlanId & 0x0fff)));
        BinaryPrimitives.WriteUInt16BigEndian(frame[(offset + 2)..], NextEtherType(this, next));
    }
}
