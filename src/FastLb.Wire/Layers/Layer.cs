namespace FastLb.Wire;

/// <summary>One header (or payload) of a frame under construction.</summary>
internal abstract class Layer
{
    /// <summary>Bytes this layer occupies in the frame (header plus any payload it owns).</summary>
    public abstract int Length { get; }

    /// <summary>EtherType announcing this layer when it follows Ethernet or a VLAN tag; null if it cannot.</summary>
    public virtual ushort? EtherType => null;

    /// <summary>IP protocol announcing this layer when it follows an IP header; null if it cannot.</summary>
    public virtual byte? IpProtocol => null;

    /// <summary>Writes the layer at <paramref name="offset"/>; <paramref name="next"/> names the next protocol.</summary>
    public abstract void Write(Span<byte> frame, int offset, Layer? next);

    /// <summary>Fills lengths and checksums; runs innermost layer first, after every Write.</summary>
    public virtual void Finish(Span<byte> frame, int offset, IpLayer? ip, int ipOffset)
    {
    }

    protected static ushort NextEtherType(Layer self, Layer? next) =>
        next?.EtherType ?? throw new InvalidOperationException(
            $"{next?.GetType().Name ?? "nothing"} cannot follow {self.GetType().Name}: add an IPv4/IPv6/VLAN/ARP layer or an EtherPayload");

    protected static byte NextIpProtocol(Layer self, Layer? next) =>
        next is null
            ? IpProtocols.NoNext
            : next.IpProtocol ?? throw new InvalidOperationException(
                $"{next.GetType().Name} cannot follow {self.GetType().Name}: add TCP/UDP/ICMP, an extension header or an IpPayload");
}
