namespace FastLb.Wire;

/// <summary>Reads past an IPv4 header, as raw IPv4 sockets deliver it before the payload.</summary>
public static class IPv4Packet
{
    /// <summary>The bytes after the IPv4 header (its IHL honoured); false when the packet is not
    /// IPv4 or is shorter than its header.</summary>
    public static bool TryGetPayload(ReadOnlySpan<byte> packet, out ReadOnlySpan<byte> payload)
    {
        payload = default;
        if (packet.Length < 20 || packet[0] >> 4 != 4)
        {
            return false;
        }
        var ihl = (packet[0] & 0x0f) * 4;
        if (ihl < 20 || ihl > packet.Length)
        {
            return false;
        }
        payload = packet[ihl..];
        return true;
    }
}
