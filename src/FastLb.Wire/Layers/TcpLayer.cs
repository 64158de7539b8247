using System.Buffers.Binary;

namespace FastLb.Wire;

/// <summary>A TCP header (with optional options) and its payload; the checksum covers the pseudo-header.</summary>
internal sealed class TcpLayer(ushort sourcePort, ushort destinationPort, TcpFlags flags, uint seq, uint ack, ushort window, byte[]? options, byte[]? payload)
    : Layer
{
    private readonly byte[] _options = CheckOptions(options ?? []);
    private readonly byte[] _payload = payload ?? [];

    private int HeaderLength => 20 + _options.Length;

    public override int Length => HeaderLength + _payload.Length;

    public override byte? IpProtocol => IpProtocols.Tcp;

    public override void Write(Span<byte> frame, int offset, Layer? next)
    {
        if (next is not null)
        {
            throw new InvalidOperationException("TCP carries its own payload; nothing may follow it");
        }
        var h = frame[offset..];
        BinaryPrimitives.WriteUInt16BigEndian(h, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(h[4..], seq);
        BinaryPrimitives.WriteUInt32BigEndian(h[8..], ack);
        h[12] = (byte)((HeaderLength / 4) << 4);
        h[13] = (byte)flags;
        BinaryPrimitives.WriteUInt16BigEndian(h[14..], window);
        _options.CopyTo(h[20..]);
        _payload.CopyTo(h[HeaderLength..]);
    }

    public override void Finish(Span<byte> frame, int offset, IpLayer? ip, int ipOffset)
    {
        if (ip is null)
        {
            throw new InvalidOperationException("TCP needs an IP layer before it");
        }
        Checksum(frame[offset..], ip.Source, ip.Destination);
    }

    /// <summary>Fills the checksum of the written <paramref name="segment"/> over the pseudo-header.</summary>
    public void Checksum(Span<byte> segment, System.Net.IPAddress source, System.Net.IPAddress destination)
    {
        segment[16] = 0;
        segment[17] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(segment[16..], Checksums.Transport(source, destination, IpProtocols.Tcp, segment));
    }

    private static byte[] CheckOptions(byte[] options) =>
        options.Length % 4 == 0 && options.Length <= 40
            ? options
            : throw new ArgumentException($"TCP options must be a multiple of 4 bytes and at most 40, got {options.Length}", nameof(options));
}
