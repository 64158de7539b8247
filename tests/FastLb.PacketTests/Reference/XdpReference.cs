namespace FastLb.PacketTests.Reference;

/// <summary>
/// The C# reference of the XDP program's decision, written from the behaviour spec rather than
/// from the C: Ethernet (one 802.1Q/802.1ad tag), IPv4/IPv6 validation, at most four IPv6
/// extension headers (0/43/60), TCP/UDP validation, then the service lookup.
/// <paramref name="vipOutcome"/> answers for a parsed flow: null when no service matches, else
/// the reason a hit ends with (TX_FORWARD, or DROP_NO_REAL for a service without eligible reals).
/// </summary>
public static class XdpReference
{
    private const int MaxExtensionHeaders = 4;

    public static ReferenceDecision Decide(ReadOnlySpan<byte> f, Func<FlowKey, Reason?> vipOutcome)
    {
        if (f.Length < 14)
        {
            return Malformed();
        }
        var etherType = BinaryPrimitives.ReadUInt16BigEndian(f[12..]);
        var off = 14;
        if (etherType is 0x8100 or 0x88a8)
        {
            if (f.Length < 18)
            {
                return Malformed();
            }
            etherType = BinaryPrimitives.ReadUInt16BigEndian(f[16..]);
            off = 18;
        }

        int l4, end;
        byte proto;
        IPAddress src, dst;
        if (etherType == 0x0800)
        {
            if (off + 20 > f.Length || f[off] >> 4 != 4 || (f[off] & 0x0f) < 5)
            {
                return Malformed();
            }
            var hlen = (f[off] & 0x0f) * 4;
            var totLen = BinaryPrimitives.ReadUInt16BigEndian(f[(off + 2)..]);
            if (off + hlen > f.Length || totLen < hlen || off + totLen > f.Length)
            {
                return Malformed();
            }
            if ((BinaryPrimitives.ReadUInt16BigEndian(f[(off + 6)..]) & 0x3fff) != 0)
            {
                return new ReferenceDecision(Reason.PassFragment, null);
            }
            proto = f[off + 9];
            src = new IPAddress(f.Slice(off + 12, 4));
            dst = new IPAddress(f.Slice(off + 16, 4));
            l4 = off + hlen;
            end = off + totLen;
        }
        else if (etherType == 0x86dd)
        {
            if (off + 40 > f.Length || f[off] >> 4 != 6)
            {
                return Malformed();
            }
            end = off + 40 + BinaryPrimitives.ReadUInt16BigEndian(f[(off + 4)..]);
            if (end > f.Length)
            {
                return Malformed();
            }
            src = new IPAddress(f.Slice(off + 8, 16));
            dst = new IPAddress(f.Slice(off + 24, 16));
            proto = f[off + 6];
            l4 = off + 40;
            for (var i = 0; i < MaxExtensionHeaders && IsSkippable(proto); i++)
            {
                // The whole extension header lies inside the datagram (payload_len).
                if (l4 + 8 > end || l4 + (f[l4 + 1] + 1) * 8 > end)
                {
                    return Malformed();
                }
                var length = (f[l4 + 1] + 1) * 8;
                proto = f[l4];
                l4 += length;
            }
            if (IsSkippable(proto))
            {
                return new ReferenceDecision(Reason.PassIp6Ext, null);
            }
            if (proto == 44)
            {
                return new ReferenceDecision(Reason.PassFragment, null);
            }
        }
        else
        {
            return new ReferenceDecision(Reason.PassNotIp, null) { L3Offset = off };
        }

        ushort sport, dport;
        if (proto == 6)
        {
            if (l4 + 20 > end)
            {
                return Malformed();
            }
            var doff = (f[l4 + 12] >> 4) * 4;
            if (doff < 20 || l4 + doff > end)
            {
                return Malformed();
            }
        }
        else if (proto == 17)
        {
            if (l4 + 8 > end)
            {
                return Malformed();
            }
            var udpLen = BinaryPrimitives.ReadUInt16BigEndian(f[(l4 + 4)..]);
            if (udpLen < 8 || l4 + udpLen > end)
            {
                return Malformed();
            }
        }
        else
        {
            return new ReferenceDecision(Reason.PassNotL4, null);
        }
        sport = BinaryPrimitives.ReadUInt16BigEndian(f[l4..]);
        dport = BinaryPrimitives.ReadUInt16BigEndian(f[(l4 + 2)..]);

        var key = FlowKey.Create(src, sport, dst, dport, proto);
        return new ReferenceDecision(vipOutcome(key) ?? Reason.PassNotVip, key) { L3Offset = off, L4Offset = l4 };
    }

    private static bool IsSkippable(byte nextHeader) => nextHeader is 0 or 43 or 60;

    private static ReferenceDecision Malformed() => new(Reason.DropMalformed, null);
}
