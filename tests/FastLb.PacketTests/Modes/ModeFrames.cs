using System.Net.Sockets;

namespace FastLb.PacketTests.Modes;

/// <summary>Frames of the mode tests, inputs and expected outputs alike, every checksum computed from
/// scratch by the frame builder (never by the code under test).</summary>
public static class ModeFrames
{
    public static readonly byte[] Payload = "GET / HTTP/1.1\r\n\r\n"u8.ToArray();

    public static byte[] Tcp(string srcMac, string dstMac, string src, string dst, ushort sport, ushort dport, byte ttl = 64) =>
        Ip(srcMac, dstMac, src, dst, ttl).Tcp(sport, dport, TcpFlags.Psh | TcpFlags.Ack, seq: 1000, payload: Payload, ack: 77).Build();

    public static byte[] Udp(string srcMac, string dstMac, string src, string dst, ushort sport, ushort dport, byte ttl = 64) =>
        Ip(srcMac, dstMac, src, dst, ttl).Udp(sport, dport, Payload).Build();

    /// <summary>An IPv4 UDP frame sent without a checksum (field 0).</summary>
    public static byte[] UdpNoChecksum(string srcMac, string dstMac, string src, string dst, ushort sport, ushort dport, byte ttl = 64)
    {
        var frame = Udp(srcMac, dstMac, src, dst, sport, dport, ttl);
        frame[14 + 20 + 6] = 0;
        frame[14 + 20 + 7] = 0;
        return frame;
    }

    public static FrameBuilder Ip(string srcMac, string dstMac, string src, string dst, byte ttl = 64)
    {
        var e = Frame.Ethernet(srcMac, dstMac);
        return IPAddress.Parse(src).AddressFamily == AddressFamily.InterNetworkV6 ? e.IPv6(src, dst, ttl) : e.IPv4(src, dst, ttl);
    }
}
