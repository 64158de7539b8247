using System.Buffers.Binary;

namespace FastLb.Wire;

/// <summary>An ICMP (IPv4) or ICMPv6 echo-style message; ICMPv6 sums the pseudo-header too.</summary>
internal sealed class IcmpLayer(bool v6, byte type, byte code, ushort identifier, ushort sequence, byte[]? payload) : Layer
{
    private readonly byte[] _payload = payload ?? [];

    public override int Length => 8 + _payload.Length;

    public override byte? IpProtocol => v6 ? IpProtocols.Icmpv6 : IpProtocols.Icmp;

    public override void Write(Span<byte> frame, int offset, Layer? next)
    {
        if (next is not null)
        {
            throw new InvalidOperationException("ICMP carries its own payload; nothing may follow it");
        }
        var h = frame[offset..];
        h[0] = type;
        h[1] = code;
        BinaryPrimitives.WriteUInt16BigEndian(h[4..], identifier);
        BinaryPrimitives.WriteUInt16BigEndian(h[6..], sequence);
        _payload.CopyTo(h[8..]);
    }

    public override void Finish(Span<byte> frame, int offset, IpLayer? ip, int ipOffset)
    {
        var message = frame[offset..];
        message[2] = 0;
        message[3] = 0;
        var sum = v6
            ? Checksums.Transport(ip!.Source, ip.Destination, IpProtocols.Icmpv6, message)
            : Checksums.Internet(message);
        BinaryPrimitives.WriteUInt16BigEndian(message[2..], sum);
    }
}
