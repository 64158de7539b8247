namespace FastLb.PacketTests.Modes;

/// <summary>Frames of the L3 DSR tests: requests as clients send them and tunnel packets as FastLb
/// must send them, every length and checksum computed from scratch by the frame builder.</summary>
public static class EncapFrames
{
    public static readonly byte[] Payload = "GET / HTTP/1.1\r\n\r\n"u8.ToArray();

    /// <summary>A TCP request from behind the router; <paramref name="payload"/> sizes it.</summary>
    public static byte[] Request(string src, string dst, ushort sport, ushort dport = 80, byte tos = 0, bool df = true, byte[]? payload = null,
        string srcMac = EncapFixture.RouterMac, string dstMac = EncapFixture.LbMac)
    {
        var e = Frame.Ethernet(srcMac, dstMac);
        var ip = src.Contains(':') ? e.IPv6(src, dst, 64, trafficClass: tos) : e.IPv4(src, dst, 64, id: 7, dontFragment: df, tos: tos);
        return ip.Tcp(sport, dport, TcpFlags.Psh | TcpFlags.Ack, seq: 1000, payload: payload ?? Payload, ack: 77).Build();
    }

    public static byte[] UdpRequest(string src, string dst, ushort sport, ushort dport) =>
        Frame.Ethernet(EncapFixture.RouterMac, EncapFixture.LbMac).IPv4(src, dst, 64, dontFragment: true).Udp(sport, dport, Payload).Build();

    /// <summary>The IP datagram of a frame (after a 14-byte Ethernet header).</summary>
    public static byte[] Inner(byte[] frame) => frame[14..];

    /// <summary>IPv4-in-IPv4 / IPv6-in-IPv6: outer TTL 64, IPv4 ID 0 with DF, TOS copied, IPv6 flow label from the hash.</summary>
    public static byte[] Ipip(string srcMac, string dstMac, string src, string dst, byte[] inner, byte tos, uint hash)
    {
        var e = Frame.Ethernet(srcMac, dstMac);
        return src.Contains(':')
            ? e.IPv6(src, dst, 64, flowLabel: hash & 0xfffff, trafficClass: tos).IpPayload(41, inner).Build()
            : e.IPv4(src, dst, 64, id: 0, dontFragment: true, tos: tos).IpPayload(4, inner).Build();
    }

    /// <summary>Outer IP + UDP (source 49152 + 14 hash bits, checksum 0 over IPv4) + GUE version 0.</summary>
    public static byte[] Gue(string srcMac, string dstMac, string src, string dst, ushort port, byte[] inner, byte tos, uint hash)
    {
        var v6 = src.Contains(':');
        byte[] payload = [0, (byte)(v6 ? 41 : 4), 0, 0, .. inner];
        var e = Frame.Ethernet(srcMac, dstMac);
        var ip = v6 ? e.IPv6(src, dst, 64, flowLabel: hash & 0xfffff, trafficClass: tos) : e.IPv4(src, dst, 64, id: 0, dontFragment: true, tos: tos);
        var frame = ip.Udp(GueSourcePort(hash), port, payload).Build();
        if (!v6)
        {
            frame[14 + 20 + 6] = 0;
            frame[14 + 20 + 7] = 0;
        }
        return frame;
    }

    public static ushort GueSourcePort(uint hash) => (ushort)(49152 + (hash & 0x3fff));
}
