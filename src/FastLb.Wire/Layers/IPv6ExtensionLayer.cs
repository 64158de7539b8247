namespace FastLb.Wire;

/// <summary>A generic IPv6 extension header (hop-by-hop, routing, destination options) padded with PadN.</summary>
internal sealed class IPv6ExtensionLayer : Layer
{
    private readonly byte _type;
    private readonly int _length;

    public IPv6ExtensionLayer(byte type, int length)
    {
        if (length < 8 || length % 8 != 0 || length > 2048)
        {
            throw new ArgumentOutOfRangeException(nameof(length), length, "an IPv6 extension header is a multiple of 8 bytes, 8..2048");
        }
        _type = type;
        _length = length;
    }

    public override int Length => _length;

    public override byte? IpProtocol => _type;

    public override void Write(Span<byte> frame, int offset, Layer? next)
    {
        var h = frame[offset..];
        h[0] = NextIpProtocol(this, next);
        h[1] = (byte)(_length / 8 - 1);
        if (_type == IpProtocols.Routing)
        {
            // Routing type 0 with segments left 0: a node must skip it.
            h[2] = 0;
            h[3] = 0;
            h[4..(_length)].Clear();
            return;
        }
        // One PadN option filling the rest (bytes 2.._length).
        h[2] = 1;
        h[3] = (byte)(_length - 4);
        h[4..(_length)].Clear();
    }
}
