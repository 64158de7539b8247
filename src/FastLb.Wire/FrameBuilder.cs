using System.Net;
using System.Net.Sockets;

namespace FastLb.Wire;

/// <summary>
/// Builds an Ethernet frame layer by layer. <see cref="Build"/> fills every length field, the IPv4
/// header checksum and the TCP/UDP/ICMP checksums (pseudo-header for IPv4 and IPv6).
/// </summary>
public sealed class FrameBuilder
{
    private readonly List<Layer> _layers = [];

    internal FrameBuilder(MacAddress source, MacAddress destination) => _layers.Add(new EthernetLayer(source, destination));

    /// <summary>An 802.1Q tag (or 802.1ad with <paramref name="tpid"/> 0x88a8).</summary>
    public FrameBuilder Vlan(ushort id, byte priority = 0, ushort tpid = EtherTypes.Vlan)
    {
        if (id > 0x0fff)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, "a VLAN id is 12 bits");
        }
        return Add(new VlanLayer(tpid, id, priority));
    }

    /// <summary>An IPv4 header; <paramref name="options"/> must be a multiple of 4 bytes (at most 40);
    /// <paramref name="fragmentOffset"/> is in units of 8 bytes.</summary>
    public FrameBuilder IPv4(IPAddress source, IPAddress destination, byte ttl = 64, byte[]? options = null, ushort id = 0,
        bool dontFragment = false, bool moreFragments = false, ushort fragmentOffset = 0, byte tos = 0)
    {
        RequireFamily(source, AddressFamily.InterNetwork, nameof(source));
        RequireFamily(destination, AddressFamily.InterNetwork, nameof(destination));
        return Add(new IPv4Layer(source, destination, ttl, options, id, dontFragment, moreFragments, fragmentOffset, tos));
    }

    /// <inheritdoc cref="IPv4(IPAddress, IPAddress, byte, byte[], ushort, bool, bool, ushort, byte)"/>
    public FrameBuilder IPv4(string source, string destination, byte ttl = 64, byte[]? options = null, ushort id = 0,
        bool dontFragment = false, bool moreFragments = false, ushort fragmentOffset = 0, byte tos = 0) =>
        IPv4(IPAddress.Parse(source), IPAddress.Parse(destination), ttl, options, id, dontFragment, moreFragments, fragmentOffset, tos);

    /// <summary>The fixed IPv6 header.</summary>
    public FrameBuilder IPv6(IPAddress source, IPAddress destination, byte hopLimit = 64, uint flowLabel = 0, byte trafficClass = 0)
    {
        RequireFamily(source, AddressFamily.InterNetworkV6, nameof(source));
        RequireFamily(destination, AddressFamily.InterNetworkV6, nameof(destination));
        return Add(new IPv6Layer(source, destination, hopLimit, flowLabel, trafficClass));
    }

    /// <inheritdoc cref="IPv6(IPAddress, IPAddress, byte, uint, byte)"/>
    public FrameBuilder IPv6(string source, string destination, byte hopLimit = 64, uint flowLabel = 0, byte trafficClass = 0) =>
        IPv6(IPAddress.Parse(source), IPAddress.Parse(destination), hopLimit, flowLabel, trafficClass);

    /// <summary>An IPv6 hop-by-hop options header of <paramref name="length"/> bytes (PadN filled).</summary>
    public FrameBuilder HopByHop(int length = 8) => AddExtension(IpProtocols.HopByHop, length);

    /// <summary>An IPv6 destination options header of <paramref name="length"/> bytes (PadN filled).</summary>
    public FrameBuilder DestinationOptions(int length = 8) => AddExtension(IpProtocols.DestinationOptions, length);

    /// <summary>An IPv6 routing header with segments left 0.</summary>
    public FrameBuilder Routing(int length = 8) => AddExtension(IpProtocols.Routing, length);

    /// <summary>An IPv6 fragment header; <paramref name="offset"/> in units of 8 bytes.</summary>
    public FrameBuilder Fragment(ushort offset = 0, bool moreFragments = true, uint identification = 1)
    {
        RequireIPv6("a fragment header");
        if (offset > 0x1fff)
        {
            throw new ArgumentOutOfRangeException(nameof(offset), offset, "fragment offset is 13 bits");
        }
        return Add(new IPv6FragmentLayer(offset, moreFragments, identification));
    }

    /// <summary>A TCP segment (20-byte header plus options) carrying <paramref name="payload"/>.</summary>
    public FrameBuilder Tcp(ushort sourcePort, ushort destinationPort, TcpFlags flags = TcpFlags.Syn, uint seq = 1,
        byte[]? payload = null, uint ack = 0, ushort window = 65535, byte[]? options = null) =>
        Add(new TcpLayer(sourcePort, destinationPort, flags, seq, ack, window, options, payload));

    /// <summary>A UDP datagram carrying <paramref name="payload"/>.</summary>
    public FrameBuilder Udp(ushort sourcePort, ushort destinationPort, byte[]? payload = null) =>
        Add(new UdpLayer(sourcePort, destinationPort, payload));

    /// <summary>An ICMP message (ICMPv6 after an IPv6 header); defaults to an echo request.</summary>
    public FrameBuilder Icmp(byte? type = null, byte code = 0, ushort identifier = 1, ushort sequence = 1, byte[]? payload = null)
    {
        var v6 = _layers.OfType<IpLayer>().LastOrDefault() is IPv6Layer;
        return Add(new IcmpLayer(v6, type ?? IcmpFamily.For(v6).EchoRequest, code, identifier, sequence, payload));
    }

    /// <summary>An ARP message (operation 1 request, 2 reply).</summary>
    public FrameBuilder Arp(ushort operation, MacAddress senderMac, IPAddress senderIp, MacAddress targetMac, IPAddress targetIp)
    {
        RequireFamily(senderIp, AddressFamily.InterNetwork, nameof(senderIp));
        RequireFamily(targetIp, AddressFamily.InterNetwork, nameof(targetIp));
        return Add(new ArpLayer(operation, senderMac, senderIp, targetMac, targetIp));
    }

    /// <summary>Opaque bytes after Ethernet/VLAN, announced by <paramref name="etherType"/>.</summary>
    public FrameBuilder EtherPayload(ushort etherType, byte[] data) => Add(new PayloadLayer(data, etherType, null));

    /// <summary>Opaque bytes after an IP header, announced by <paramref name="protocol"/>.</summary>
    public FrameBuilder IpPayload(byte protocol, byte[] data) => Add(new PayloadLayer(data, null, protocol));

    /// <summary>The frame's bytes, every length and checksum filled.</summary>
    public byte[] Build()
    {
        var offsets = new int[_layers.Count];
        var total = 0;
        for (var i = 0; i < _layers.Count; i++)
        {
            offsets[i] = total;
            total += _layers[i].Length;
        }
        var frame = new byte[total];
        for (var i = 0; i < _layers.Count; i++)
        {
            _layers[i].Write(frame, offsets[i], i + 1 < _layers.Count ? _layers[i + 1] : null);
        }
        // Innermost first: L4 checksums are done before the IP header's lengths and checksum.
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            var ipIndex = _layers.FindLastIndex(i, l => l is IpLayer);
            var ip = ipIndex >= 0 && ipIndex != i ? (IpLayer)_layers[ipIndex] : null;
            _layers[i].Finish(frame, offsets[i], ip, ip is null ? -1 : offsets[ipIndex]);
        }
        return frame;
    }

    private FrameBuilder Add(Layer layer)
    {
        _layers.Add(layer);
        return this;
    }

    private FrameBuilder AddExtension(byte type, int length)
    {
        RequireIPv6("an IPv6 extension header");
        return Add(new IPv6ExtensionLayer(type, length));
    }

    private void RequireIPv6(string what)
    {
        if (_layers[^1] is not (IPv6Layer or IPv6ExtensionLayer or IPv6FragmentLayer))
        {
            throw new InvalidOperationException($"{what} must follow an IPv6 header or another extension header");
        }
    }

    private static void RequireFamily(IPAddress address, AddressFamily family, string name)
    {
        ArgumentNullException.ThrowIfNull(address, name);
        if (address.AddressFamily != family)
        {
            throw new ArgumentException($"{address} is not an {(family == AddressFamily.InterNetwork ? "IPv4" : "IPv6")} address", name);
        }
    }
}
