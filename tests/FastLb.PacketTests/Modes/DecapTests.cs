namespace FastLb.PacketTests.Modes;

/// <summary>
/// FastLb's decapsulator (bpf/decap.bpf.c) through BPF_PROG_TEST_RUN: IPIP, IPv6-in-IPv6 and GUE
/// for a configured VIP leave as the client's frame (the real's MACs kept); anything else passes
/// byte for byte; malformed tunnel packets are dropped; every verdict counted.
/// </summary>
public sealed class DecapTests : IDisposable
{
    private const string RouterMac = "02:00:00:00:00:fe";
    private const string RealMac = "02:00:00:00:00:11";
    private const ushort GuePort = 6080;

    private readonly Decapsulator? _decap;

    public DecapTests()
    {
        if (Privileges.IsRoot)
        {
            _decap = Decapsulator.Load();
            _decap.Configure([IPAddress.Parse("203.0.113.70"), IPAddress.Parse("2001:db8:3::70")], GuePort);
        }
    }

    private Decapsulator Decap => _decap ?? throw new InvalidOperationException("not root");

    public static TheoryData<string, string, string> Tunnels => new()
    {
        { "ipip", "198.51.100.7", "203.0.113.70" },
        { "ipip", "2001:db8:1::7", "2001:db8:3::70" },
        { "gue", "198.51.100.7", "203.0.113.70" },
        { "gue", "2001:db8:1::7", "2001:db8:3::70" },
    };

    [RootTheory]
    [MemberData(nameof(Tunnels))]
    public void TunnelForAVip_OuterStripped_ClientsFrameToTheStack(string kind, string client, string vip)
    {
        Privileges.RequireRoot();
        var v6 = client.Contains(':');
        var original = Client(client, vip);
        var tunnelled = Outer(kind, v6, original[14..]);

        var (verdict, output) = Run(tunnelled);

        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal(Client(client, vip, RouterMac, RealMac), output);
        Assert.True(Checksums.Verify(output).AllValid);
        Assert.Equal(1ul, Decap.Count(DecapReason.PassDecap));
    }

    [RootFact]
    public void TunnelWithVlanTag_TagKept_InnerEthertype()
    {
        Privileges.RequireRoot();
        var inner = Client("198.51.100.7", "203.0.113.70")[14..];
        var tunnelled = Frame.Ethernet(RouterMac, RealMac).Vlan(42).IPv4("198.51.100.16", "192.0.2.11", 64, dontFragment: true).IpPayload(4, inner).Build();
        var (verdict, output) = Run(tunnelled);
        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal([.. Frame.Ethernet(RouterMac, RealMac).Vlan(42).EtherPayload(0x0800, inner).Build()], output);
    }

    public static TheoryData<string, string> Untouched => new()
    {
        { "plain TCP to the VIP", "other" },
        { "IPIP for another address", "not-vip" },
        { "GUE for another address", "not-vip" },
        { "UDP to another port", "other" },
        { "outer fragment", "fragment" },
        { "ARP", "other" },
    };

    [RootTheory]
    [MemberData(nameof(Untouched))]
    public void NotForTheDecapsulator_PassesByteForByte(string what, string reason)
    {
        Privileges.RequireRoot();
        var frame = what switch
        {
            "plain TCP to the VIP" => Client("198.51.100.7", "203.0.113.70", RouterMac, RealMac),
            "IPIP for another address" => Outer("ipip", false, Client("198.51.100.7", "203.0.113.99")[14..]),
            "GUE for another address" => Outer("gue", false, Client("198.51.100.7", "203.0.113.99")[14..]),
            "UDP to another port" => Frame.Ethernet(RouterMac, RealMac).IPv4("198.51.100.16", "192.0.2.11").Udp(50000, 6081, [0, 4, 0, 0, .. Client("198.51.100.7", "203.0.113.70")[14..]]).Build(),
            "outer fragment" => Frame.Ethernet(RouterMac, RealMac).IPv4("198.51.100.16", "192.0.2.11", moreFragments: true).IpPayload(4, Client("198.51.100.7", "203.0.113.70")[14..]).Build(),
            _ => Frame.Ethernet(RouterMac, "ff:ff:ff:ff:ff:ff").Arp(1, MacAddress.Parse(RouterMac), IPAddress.Parse("192.0.2.1"), MacAddress.Parse("00:00:00:00:00:00"), IPAddress.Parse("192.0.2.11")).Build(),
        };
        var (verdict, output) = Run(frame);
        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal(frame, output);
        var expected = reason switch { "not-vip" => DecapReason.PassNotVip, "fragment" => DecapReason.PassFragment, _ => DecapReason.PassOther };
        Assert.Equal(1ul, Decap.Count(expected));
        Assert.Equal(0ul, Decap.Count(DecapReason.PassDecap));
    }

    public static TheoryData<string> Malformed => new()
    {
        "inner truncated", "inner version differs from the protocol", "inner length past the outer datagram",
        "outer length past the frame", "GUE version 1", "GUE control message", "GUE unknown protocol", "UDP length past the datagram",
        "IPv6 outer length past the frame",
    };

    [RootTheory]
    [MemberData(nameof(Malformed))]
    public void MalformedTunnelPacket_DroppedAndCounted(string what)
    {
        Privileges.RequireRoot();
        var inner = Client("198.51.100.7", "203.0.113.70")[14..];
        var inner6 = Client("2001:db8:1::7", "2001:db8:3::70")[14..];
        byte[] frame;
        switch (what)
        {
            case "inner truncated":
                frame = Outer("ipip", false, inner[..12]);
                break;
            case "inner version differs from the protocol":
                frame = Frame.Ethernet(RouterMac, RealMac).IPv4("198.51.100.16", "192.0.2.11").IpPayload(4, inner6).Build();
                break;
            case "inner length past the outer datagram":
                frame = Outer("ipip", false, inner[..(inner.Length - 4)]);
                break;
            case "outer length past the frame":
                frame = Outer("ipip", false, inner);
                frame[14 + 2] = 0x05; // outer tot_len 1280+
                frame[14 + 3] = 0x00;
                break;
            case "GUE version 1":
                frame = Gue(false, [0x40, 4, 0, 0], inner);
                break;
            case "GUE control message":
                frame = Gue(false, [0x20, 4, 0, 0], inner);
                break;
            case "GUE unknown protocol":
                frame = Gue(false, [0, 47, 0, 0], inner);
                break;
            case "UDP length past the datagram":
                frame = Gue(false, [0, 4, 0, 0], inner);
                frame[14 + 20 + 4] = 0x7f;
                break;
            default:
                frame = Outer("ipip", true, inner6);
                frame[14 + 4] = 0x7f;
                break;
        }
        var (verdict, _) = Run(frame);
        Assert.Equal(XdpAction.Drop, verdict);
        Assert.Equal(1ul, Decap.Count(DecapReason.DropMalformed));
    }

    [RootFact]
    public void GueOnAnotherConfiguredPort_OnlyThatPortDecapsulated()
    {
        Privileges.RequireRoot();
        Decap.Config.Update(0u, DecapConfig.Create(7000));
        var inner = Client("198.51.100.7", "203.0.113.70")[14..];
        var on6080 = Gue(false, [0, 4, 0, 0], inner);
        var (verdict, output) = Run(on6080);
        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal(on6080, output);
        var on7000 = Frame.Ethernet(RouterMac, RealMac).IPv4("198.51.100.16", "192.0.2.11").Udp(50000, 7000, [0, 4, 0, 0, .. inner]).Build();
        Assert.Equal(Client("198.51.100.7", "203.0.113.70", RouterMac, RealMac), Run(on7000).Output);
    }

    public void Dispose() => _decap?.Dispose();

    private (XdpAction Verdict, byte[] Output) Run(byte[] frame)
    {
        var output = new byte[frame.Length + 64];
        var result = Decap.Program.TestRun(frame, output);
        return (result.Verdict, output[..result.OutputLength]);
    }

    private static byte[] Client(string client, string vip, string srcMac = "02:00:00:00:00:07", string dstMac = "02:00:00:00:00:08")
    {
        var e = Frame.Ethernet(srcMac, dstMac);
        var ip = client.Contains(':') ? e.IPv6(client, vip, 60) : e.IPv4(client, vip, 60, dontFragment: true);
        return ip.Tcp(40000, 80, TcpFlags.Psh | TcpFlags.Ack, seq: 5, payload: "GET / HTTP/1.1\r\n\r\n"u8.ToArray(), ack: 9).Build();
    }

    private static byte[] Outer(string kind, bool v6, byte[] inner)
    {
        if (kind == "gue")
        {
            return Gue(v6, [0, (byte)(v6 ? 41 : 4), 0, 0], inner);
        }
        var e = Frame.Ethernet(RouterMac, RealMac);
        return v6 ? e.IPv6("2001:db8:1::100", "2001:db8:2::11").IpPayload(41, inner).Build()
            : e.IPv4("198.51.100.16", "192.0.2.11", 64, dontFragment: true).IpPayload(4, inner).Build();
    }

    private static byte[] Gue(bool v6, byte[] header, byte[] inner)
    {
        var e = Frame.Ethernet(RouterMac, RealMac);
        var ip = v6 ? e.IPv6("2001:db8:1::100", "2001:db8:2::11") : e.IPv4("198.51.100.16", "192.0.2.11", 64, dontFragment: true);
        return ip.Udp(50000, GuePort, [.. header, .. inner]).Build();
    }
}
