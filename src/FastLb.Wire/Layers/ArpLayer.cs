using System.Buffers.Binary;
using System.Net;

namespace FastLb.Wire;

/// <summary>A 28-byte ARP message for IPv4 over Ethernet.</summary>
internal sealed class ArpLayer(ushort operation, MacAddress senderMac, IPAddress senderIp, MacAddress targetMac, IPAddress targetIp) : Layer
{
    public override int Length => 28;

    public override ushort? EtherType => EtherTypes.Arp;

    public override void Write(Span<byte> frame, int offset, Layer? next)
    {
        var h = frame[offset..];
        BinaryPrimitives.WriteUInt16BigEndian(h, 1); // Ethernet
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], EtherTypes.IPv4);
        h[4] = 6;
        h[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(h[6..], operation);
        senderMac.WriteTo(h[8..]);
        senderIp.GetAddressBytes().CopyTo(h[14..]);
        targetMac.WriteTo(h[18..]);
        targetIp.GetAddressBytes().CopyTo(h[24..]);
    }
}
