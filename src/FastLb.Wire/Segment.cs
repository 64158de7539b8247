using System.Buffers.Binary;
using System.Net;

namespace FastLb.Wire;

/// <summary>
/// Bare L4 messages for raw sockets, where the kernel writes the IP header: the same layers the
/// frame builder uses, with their checksums filled.
/// </summary>
public static class Segment
{
    /// <summary>A TCP segment from <paramref name="source"/> to <paramref name="destination"/>,
    /// checksummed over their pseudo-header.</summary>
    public static byte[] Tcp(IPAddress source, ushort sourcePort, IPAddress destination, ushort destinationPort, TcpFlags flags,
        uint seq, uint ack = 0, ushort window = 65535, byte[]? options = null, byte[]? payload = null)
    {
        var layer = new TcpLayer(sourcePort, destinationPort, flags, seq, ack, window, options, payload);
        var segment = new byte[layer.Length];
        layer.Write(segment, 0, null);
        layer.Checksum(segment, source, destination);
        return segment;
    }

    /// <summary>The TCP maximum segment size option (kind 2, length 4).</summary>
    public static byte[] MssOption(ushort mss)
    {
        var option = new byte[] { 2, 4, 0, 0 };
        BinaryPrimitives.WriteUInt16BigEndian(option.AsSpan(2), mss);
        return option;
    }

    /// <summary>An ICMP echo request. ICMPv4 carries its checksum; for ICMPv6 (<paramref name="v6"/>)
    /// it stays zero, as the kernel fills it on a raw ICMPv6 socket (it needs the pseudo-header).</summary>
    public static byte[] IcmpEchoRequest(bool v6, ushort identifier, ushort sequence, byte[]? payload = null)
    {
        var layer = new IcmpLayer(v6, IcmpFamily.For(v6).EchoRequest, 0, identifier, sequence, payload);
        var message = new byte[layer.Length];
        layer.Write(message, 0, null);
        if (!v6)
        {
            layer.Finish(message, 0, null, 0);
        }
        return message;
    }
}
