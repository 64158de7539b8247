using System.Buffers.Binary;
using System.Net;

namespace FastLb.Wire;

/// <summary>The fixed 40-byte IPv6 header; payload_len is computed.</summary>
internal sealed class IPv6Layer(IPAddress source, IPAddress destination, byte hopLimit, uint flowLabel, byte trafficClass)
    : IpLayer(source, destination)
{
    public override int Length => 40;

    public override ushort? EtherType => EtherTypes.IPv6;

    public override byte? IpProtocol => 41; // IPv6-in-IP

    public override void Write(Span<byte> frame, int offset, Layer? next)
    {
        var h = frame[offset..];
        BinaryPrimitives.WriteUInt32BigEndian(h, (6u << 28) | ((uint)trafficClass << 20) | (flowLabel & 0xfffff));
        h[6] = NextIpProtocol(this, next);
        h[7] = hopLimit;
        Source.GetAddressBytes().CopyTo(h[8..]);
        Destination.GetAddressBytes().CopyTo(h[24..]);
    }

    public override void Finish(Span<byte> frame, int offset, IpLayer? ip, int ipOffset) =>
        BinaryPrimitives.WriteUInt16BigEndian(frame[(offset + 4)..], (ushort)(frame.Length - offset - 40));
}
