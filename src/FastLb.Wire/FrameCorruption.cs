using System.Buffers.Binary;

namespace FastLb.Wire;

/// <summary>
/// Damages a well-formed frame in one named field, returning a copy. Checksums are left as they were
/// (the data plane does not verify them); the field is located by parsing the intact frame.
/// </summary>
public static class FrameCorruption
{
    /// <summary>The first <paramref name="length"/> bytes of the frame.</summary>
    public static byte[] Truncate(byte[] frame, int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, frame.Length);
        return frame[..length];
    }

    /// <summary>Sets the IPv4 IHL nibble (header length in 32-bit words).</summary>
    public static byte[] SetIhl(byte[] frame, int ihl) => Edit(frame, p => Require(p, 4, "IHL").L3Offset, (f, o) =>
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ihl, 15);
        f[o] = (byte)((f[o] & 0xf0) | ihl);
    });

    /// <summary>Sets the IPv4 version/IPv6 version nibble.</summary>
    public static byte[] SetIpVersion(byte[] frame, int version) => Edit(frame, p => Require(p, p.IpVersion, "version").L3Offset, (f, o) =>
        f[o] = (byte)((f[o] & 0x0f) | (version << 4)));

    /// <summary>Sets the IPv4 tot_len.</summary>
    public static byte[] SetTotalLength(byte[] frame, ushort totalLength) =>
        Edit(frame, p => Require(p, 4, "tot_len").L3Offset + 2, (f, o) => BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(o), totalLength));

    /// <summary>Sets the IPv6 payload_len.</summary>
    public static byte[] SetPayloadLength(byte[] frame, ushort payloadLength) =>
        Edit(frame, p => Require(p, 6, "payload_len").L3Offset + 4, (f, o) => BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(o), payloadLength));

    /// <summary>Sets the TCP data offset nibble (header length in 32-bit words).</summary>
    public static byte[] SetTcpDataOffset(byte[] frame, int doff) => Edit(frame, p => RequireL4(p, IpProtocols.Tcp, "doff") + 12, (f, o) =>
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(doff, 15);
        f[o] = (byte)((f[o] & 0x0f) | (doff << 4));
    });

    /// <summary>Sets the UDP length field.</summary>
    public static byte[] SetUdpLength(byte[] frame, ushort length) =>
        Edit(frame, p => RequireL4(p, IpProtocols.Udp, "len") + 4, (f, o) => BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(o), length));

    /// <summary>Overwrites one byte.</summary>
    public static byte[] SetByte(byte[] frame, int offset, byte value)
    {
        var copy = (byte[])frame.Clone();
        copy[offset] = value;
        return copy;
    }

    private static byte[] Edit(byte[] frame, Func<ParsedFrame, int> locate, Action<byte[], int> change)
    {
        var offset = locate(FrameParser.Parse(frame));
        var copy = (byte[])frame.Clone();
        change(copy, offset);
        return copy;
    }

    private static ParsedFrame Require(ParsedFrame parsed, int version, string field) =>
        parsed.IpVersion == version && version != 0
            ? parsed
            : throw new ArgumentException($"cannot set {field}: the frame is not IPv{version}");

    private static int RequireL4(ParsedFrame parsed, byte protocol, string field) =>
        parsed.Protocol == protocol && parsed.L4Offset >= 0
            ? parsed.L4Offset
            : throw new ArgumentException($"cannot set {field}: the frame has no {(protocol == IpProtocols.Tcp ? "TCP" : "UDP")} header");
}
