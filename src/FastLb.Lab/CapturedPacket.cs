using System.Net;

namespace FastLb.Lab;

/// <summary>
/// One Ethernet frame from a capture, decoded far enough to say who sent it where: MACs
/// (lower-case "02:00:00:00:00:11"), EtherType, and for IPv4/IPv6 the addresses, protocol,
/// and for TCP/UDP the ports (TCP flags too). Fields a frame does not have are null.
/// </summary>
public sealed record CapturedPacket(
    string SrcMac,
    string DstMac,
    ushort EtherType,
    IPAddress? SrcIp,
    IPAddress? DstIp,
    byte? Protocol,
    int? SrcPort,
    int? DstPort,
    byte? TcpFlags,
    int Length)
{
    public const byte TcpFin = 0x01;
    public const byte TcpSyn = 0x02;
    public const byte TcpRst = 0x04;
    public const byte TcpAck = 0x10;

    /// <summary>Decodes one Ethernet frame (VLAN tags are not expected in the lab).</summary>
    public static CapturedPacket Parse(ReadOnlySpan<byte> frame, int originalLength)
    {
        if (frame.Length < 14)
        {
            return new CapturedPacket("", "", 0, null, null, null, null, null, null, originalLength);
        }
        var dst = Mac(frame[..6]);
        var src = Mac(frame[6..12]);
        var etherType = (ushort)(frame[12] << 8 | frame[13]);
        var l3 = frame[14..];
        IPAddress? srcIp = null, dstIp = null;
        byte? proto = null;
        var l4 = ReadOnlySpan<byte>.Empty;
        if (etherType == 0x0800 && l3.Length >= 20)
        {
            var ihl = (l3[0] & 0x0f) * 4;
            srcIp = new IPAddress(l3[12..16]);
            dstIp = new IPAddress(l3[16..20]);
            proto = l3[9];
            var fragmentOffset = (l3[6] & 0x1f) << 8 | l3[7];
            if (fragmentOffset == 0 && l3.Length >= ihl)
            {
                l4 = l3[ihl..];
            }
        }
        else if (etherType == 0x86dd && l3.Length >= 40)
        {
            srcIp = new IPAddress(l3[8..24]);
            dstIp = new IPAddress(l3[24..40]);
            // The next header right after the fixed header; lab traffic carries no extension headers.
            proto = l3[6];
            l4 = l3[40..];
        }
        int? srcPort = null, dstPort = null;
        byte? flags = null;
        if (proto is 6 or 17 && l4.Length >= 4)
        {
            srcPort = l4[0] << 8 | l4[1];
            dstPort = l4[2] << 8 | l4[3];
            if (proto == 6 && l4.Length >= 14)
            {
                flags = l4[13];
            }
        }
        return new CapturedPacket(src, dst, etherType, srcIp, dstIp, proto, srcPort, dstPort, flags, originalLength);
    }

    private static string Mac(ReadOnlySpan<byte> b) => $"{b[0]:x2}:{b[1]:x2}:{b[2]:x2}:{b[3]:x2}:{b[4]:x2}:{b[5]:x2}";
}
