// The RFC 1071 ones'-complement checksum, with the TCP/ICMPv6 pseudo-header for IPv4 and IPv6.
using System.Net;
using System.Net.Sockets;

namespace FastLb.Health.Probes;

public static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> as big-endian 16-bit words to a running 32-bit sum.</summary>
    public static uint Add(uint sum, ReadOnlySpan<byte> data)
    {
        var i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += (uint)((data[i] << 8) | data[i + 1]);
        }
        if (i < data.Length)
        {
            sum += (uint)(data[i] << 8);
        }
        return sum;
    }

    /// <summary>Folds the carries and complements: the value to store in the checksum field.</summary>
    public static ushort Finish(uint sum)
    {
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }
        return (ushort)~sum;
    }

    /// <summary>The checksum of <paramref name="data"/> alone (ICMPv4).</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));

    /// <summary>
    /// The checksum of an upper-layer segment with its pseudo-header: IPv4 (RFC 793: src, dst,
    /// zero, protocol, length) or IPv6 (RFC 8200 8.1: src, dst, 32-bit length, zeros, next header).
    /// </summary>
    public static ushort WithPseudoHeader(IPAddress source, IPAddress destination, byte protocol, ReadOnlySpan<byte> segment)
    {
        if (source.AddressFamily != destination.AddressFamily)
        {
            throw new ArgumentException($"pseudo-header addresses {source} and {destination} differ in family");
        }
        uint sum = Add(0, source.GetAddressBytes());
        sum = Add(sum, destination.GetAddressBytes());
        if (source.AddressFamily == AddressFamily.InterNetwork)
        {
            sum += protocol;
            sum += (uint)segment.Length;
        }
        else
        {
            sum += (uint)segment.Length >> 16;
            sum += (uint)segment.Length & 0xFFFF;
            sum += protocol;
        }
        return Finish(Add(sum, segment));
    }
}
