using System.Buffers.Binary;

namespace FastLb.Wire;

/// <summary>A UDP header and payload; length and checksum (0 sent as 0xffff) are computed.</summary>
internal sealed class UdpLayer(ushort sourcePort, ushort destinationPort, byte[]? payload) : Layer
{
    private readonly byte[] _payload = payload ?? [];

    public override int Length => 8 + _payload.Length;

    public override byte? IpProtocol => IpProtocols.Udp;

    public override void Write(Span<byte> frame, int offset, Layer? next)
    {
        if (next is not null)
        {
            throw new InvalidOperationException("UDP carries its own payload; nothing may follow it");
        }
        var h = frame[offset..];
        BinaryPrimitives.WriteUInt16BigEndian(h, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], destinationPort);
        _payload.CopyTo(h[8..]);
    }

    public override void Finish(Span<byte> frame, int offset, IpLayer? ip, int ipOffset)
    {
        if (ip is null)
        {
            throw new InvalidOperationException("UDP needs an IP layer before it");
        }
        var datagram = frame[offset..];
        BinaryPrimitives.WriteUInt16BigEndian(datagram[4..], (ushort)datagram.Length);
        datagram[6] = 0;
        datagram[7] = 0;
        var sum = Checksums.Transport(ip.Source, ip.Destination, IpProtocols.Udp, datagram);
        BinaryPrimitives.WriteUInt16BigEndian(datagram[6..], sum == 0 ? (ushort)0xffff : sum);
    }
}
