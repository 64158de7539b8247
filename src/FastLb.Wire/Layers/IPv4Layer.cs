using System.Buffers.Binary;
using System.Net;

namespace FastLb.Wire;

/// <summary>An IPv4 header with optional options; tot_len and the header checksum are computed.</summary>
internal sealed class IPv4Layer : IpLayer
{
    private readonly byte _ttl;
    private readonly byte[] _options;
    private readonly ushort _id;
    private readonly ushort _flagsAndOffset;
    private readonly byte _tos;

    public IPv4Layer(IPAddress source, IPAddress destination, byte ttl, byte[]? options, ushort id,
        bool dontFragment, bool moreFragments, ushort fragmentOffset, byte tos)
        : base(source, destination)
    {
        options ??= [];
        if (options.Length % 4 != 0 || options.Length > 40)
        {
            throw new ArgumentException($"IPv4 options must be a multiple of 4 bytes and at most 40, got {options.Length}", nameof(options));
        }
        if (fragmentOffset > 0x1fff)
        {
            throw new ArgumentOutOfRangeException(nameof(fragmentOffset), fragmentOffset, "fragment offset is 13 bits (units of 8 bytes)");
        }
        _ttl = ttl;
        _options = options;
        _id = id;
        _flagsAndOffset = (ushort)((dontFragment ? 0x4000 : 0) | (moreFragments ? 0x2000 : 0) | fragmentOffset);
        _tos = tos;
    }

    public override int Length => 20 + _options.Length;

    public override ushort? EtherType => EtherTypes.IPv4;

    public override byte? IpProtocol => 4; // IP-in-IP

    public override void Write(Span<byte> frame, int offset, Layer? next)
    {
        var h = frame[offset..];
        h[0] = (byte)(0x40 | (Length / 4));
        h[1] = _tos;
        BinaryPrimitives.WriteUInt16BigEndian(h[4..], _id);
        BinaryPrimitives.WriteUInt16BigEndian(h[6..], _flagsAndOffset);
        h[8] = _ttl;
        h[9] = NextIpProtocol(this, next);
        Source.GetAddressBytes().CopyTo(h[12..]);
        Destination.GetAddressBytes().CopyTo(h[16..]);
        _options.CopyTo(h[20..]);
    }

    public override void Finish(Span<byte> frame, int offset, IpLayer? ip, int ipOffset)
    {
        var h = frame[offset..];
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], (ushort)(frame.Length - offset));
        h[10] = 0;
        h[11] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(h[10..], Checksums.Internet(h[..Length]));
    }
}
