using System.Buffers.Binary;

namespace FastLb.Wire;

/// <summary>A TCP header (with optional options) and its payload; the checksum covers the pseudo-header.</summary>
internal sealed class TcpLayer : Layer
{
    private readonly ushort _sourcePort;
    private readonly ushort _destinationPort;
    private readonly TcpFlags _flags;
    private readonly uint _seq;
    private readonly uint _ack;
    private readonly ushort _window;
    private readonly byte[] _options;
    private readonly byte[] _payload;

    public TcpLayer(ushort sourcePort, ushort destinationPort, TcpFlags flags, uint seq, uint ack, ushort window, byte[]? options, byte[]? payload)
    {
        options ??= [];
        if (options.Length % 4 != 0 || options.Length > 40)
        {
            throw new ArgumentException($"TCP options must be a multiple of 4 bytes and at most 40, got {options.Length}", nameof(options));
        }
        _sourcePort = sourcePort;
        _destinationPort = destinationPort;
        _flags = flags;
        _seq = seq;
        _ack = ack;
        _window = window;
        _options = options;
        _payload = payload ?? [];
    }

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
        BinaryPrimitives.WriteUInt16BigEndian(h, _sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(h[2..], _destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(h[4..], _seq);
        BinaryPrimitives.WriteUInt32BigEndian(h[8..], _ack);
        h[12] = (byte)((HeaderLength / 4) << 4);
        h[13] = (byte)_flags;
        BinaryPrimitives.WriteUInt16BigEndian(h[14..], _window);
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
}
