namespace FastLb.Wire;

/// <summary>Opaque bytes announced by an EtherType or an IP protocol number.</summary>
internal sealed class PayloadLayer(byte[] data, ushort? etherType, byte? ipProtocol) : Layer
{
    public override int Length => data.Length;

    public override ushort? EtherType => etherType;

    public override byte? IpProtocol => ipProtocol;

    public override void Write(Span<byte> frame, int offset, Layer? next)
    {
        if (next is not null)
        {
            throw new InvalidOperationException("a payload ends the frame; nothing may follow it");
        }
        data.CopyTo(frame[offset..]);
    }
}
