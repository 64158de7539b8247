// The lab's AF_PACKET capture: decoding through the wire library, kernel-side pcap filters, waiting with a deadline.
using System.Net.Sockets;
using FastLb.Wire;

namespace FastLb.LabTests;

public sealed class PacketCaptureTests
{
    private static readonly IPAddress First = IPAddress.Parse("192.0.2.1");
    private static readonly IPAddress Second = IPAddress.Parse("192.0.2.2");

    [Fact]
    public void Parse_TcpFrame_DecodesMacsAddressesPortsFlagsAndNumbers()
    {
        var frame = Frame.Ethernet("02:00:00:00:00:11", "02:00:00:00:00:10").IPv4("192.0.2.11", "198.51.100.10")
            .Tcp(80, 40000, TcpFlags.Syn | TcpFlags.Ack, seq: 1, ack: 2).Build();

        var p = CapturedPacket.Parse(frame, frame.Length);

        var expected = new CapturedPacket("02:00:00:00:00:11", "02:00:00:00:00:10", 0x0800, IPAddress.Parse("192.0.2.11"), IPAddress.Parse("198.51.100.10"),
            6, 80, 40000, CapturedPacket.TcpSyn | CapturedPacket.TcpAck, frame.Length)
        {
            Tcp = new TcpHeader(80, 40000, 1, 2, TcpFlags.Syn | TcpFlags.Ack, 20, 65535),
        };
        Assert.Equal(expected, p);
    }

    [Fact]
    public void Parse_CutInsideTheIpHeader_KeepsMacsAndEtherTypeOnly()
    {
        var frame = Frame.Ethernet("02:00:00:00:00:11", "02:00:00:00:00:10").IPv4("192.0.2.11", "198.51.100.10").Udp(1, 2).Build();

        var p = CapturedPacket.Parse(frame.AsSpan(0, 30), frame.Length);

        Assert.Equal(new CapturedPacket("02:00:00:00:00:11", "02:00:00:00:00:10", 0x0800, null, null, null, null, null, null, frame.Length), p);
    }

    [RootFact]
    public void Start_PortFilter_CatchesOnlyTheMatchingDatagramsInOrder()
    {
        Privileges.RequireRoot();
        using var pair = NamespacePair.Create();
        Address(pair);
        using var capture = PacketCapture.Start(pair.Second, pair.SecondInterface, "udp dst port 9999");
        Send(pair, 9998, [1]);
        Send(pair, 9999, [2]);
        Send(pair, 9999, [3]);

        capture.WaitFor(p => p.DstPort == 9999, 2, TimeSpan.FromSeconds(5));
        var caught = capture.Stop();

        Assert.Equal([(First, Second, 9999), (First, Second, 9999)], caught.Select(p => (p.SrcIp, p.DstIp, p.DstPort)));
    }

    [RootFact]
    public void Start_PredicateOnEveryInterface_SeesBothDirections()
    {
        Privileges.RequireRoot();
        using var pair = NamespacePair.Create();
        Address(pair);
        using var capture = PacketCapture.Start(pair.Second, null, p => p.Protocol == IpProtocols.Icmp);

        pair.First.Exec("ping", "-c", "1", "-W", "5", Second.ToString());

        var caught = capture.WaitFor(_ => true, 2, TimeSpan.FromSeconds(5));
        Assert.Equal([(First, Second), (Second, First)], caught.Select(p => (p.SrcIp!, p.DstIp!)));
    }

    [RootFact]
    public void Start_BadFilter_ThrowsNamingIt()
    {
        Privileges.RequireRoot();
        using var pair = NamespacePair.Create();
        var e = Assert.Throws<LabException>(() => PacketCapture.Start(pair.Second, pair.SecondInterface, "udp and nonsense"));
        Assert.Contains("'udp and nonsense'", e.Message, StringComparison.Ordinal);
    }

    [RootFact]
    public void WaitFor_NothingMatches_ThrowsListingWhatWasCaught()
    {
        Privileges.RequireRoot();
        using var pair = NamespacePair.Create();
        Address(pair);
        using var capture = PacketCapture.Start(pair.Second, pair.SecondInterface, "udp");
        Send(pair, 7000, [1]);
        capture.WaitFor(p => p.DstPort == 7000, 1, TimeSpan.FromSeconds(5));

        var e = Assert.Throws<LabException>(() => capture.WaitFor(p => p.DstPort == 7001, 1, TimeSpan.FromMilliseconds(200)));
        Assert.Contains("0 of 1 expected frames", e.Message, StringComparison.Ordinal);
        Assert.Contains(":7000", e.Message, StringComparison.Ordinal);
    }

    private static void Address(NamespacePair pair)
    {
        pair.First.Ip("addr", "add", $"{First}/24", "dev", pair.FirstInterface);
        pair.Second.Ip("addr", "add", $"{Second}/24", "dev", pair.SecondInterface);
    }

    private static void Send(NamespacePair pair, int port, byte[] payload)
    {
        using var socket = pair.First.Namespace.Run(() => new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp));
        socket.SendTo(payload, new IPEndPoint(Second, port));
    }
}
