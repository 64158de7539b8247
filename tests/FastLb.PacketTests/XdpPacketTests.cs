// Frames through the real XDP program with BPF_PROG_TEST_RUN: verdict, whole output frame, counters.
using System.Net;
using FastLb.Interop.Abi;
using FastLb.Interop.Bpf;
using FastLb.Model;
using FastLb.Reconciler;
using FastLb.Testing;
using FastLb.Testing.Frames;
using Xunit;

namespace FastLb.PacketTests;

public sealed class XdpPacketTests(DataPlaneFixture fx) : IClassFixture<DataPlaneFixture>
{
    private const string Lb = DataPlaneFixture.LbMac;
    private const string Client = DataPlaneFixture.ClientMac;
    private static readonly IPAddress ClientIp = IPAddress.Parse("198.51.100.7");
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.10");
    private static readonly IPAddress ClientIp6 = IPAddress.Parse("2001:db8:1::7");
    private static readonly IPAddress Vip6 = IPAddress.Parse("2001:db8:3::10");
    private static readonly byte[] Payload = "GET / HTTP/1.1\r\n\r\n"u8.ToArray();

    public static TheoryData<string> VipHits => new() { "tcp4", "tcp4-options", "tcp4-vlan", "udp4", "tcp6", "tcp6-hop-by-hop" };

    [RootTheory]
    [MemberData(nameof(VipHits))]
    public void VipHit_NewFlow_TxToTheReferenceRealWithOnlyMacsRewritten(string kind)
    {
        Privileges.RequireRoot();
        fx.ClearFlows();
        var (build, service, src, dst, dport, proto) = Case(kind, sport: 40001);
        var realMac = fx.ExpectedRealMac(service, src, 40001, dst, dport, proto);
        var before = fx.Count(Reason.TxForward);

        var (verdict, output) = fx.Run(build(Client, Lb));

        Assert.Equal(XdpAction.Tx, verdict);
        Assert.Equal(build(Lb, realMac), output); // byte for byte: IP, ports, TTL, checksums, payload unchanged
        Assert.True(Checksums.Check(output).AllValid);
        Assert.Equal(before + 1, fx.Count(Reason.TxForward));
    }

    [RootFact]
    public void ManyFlows_ReferenceModelAgrees_AndEveryRealIsChosen()
    {
        Privileges.RequireRoot();
        fx.ClearFlows();
        var seen = new HashSet<string>();
        for (ushort sport = 20000; sport < 20200; sport++)
        {
            var frame = Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Tcp(sport, 80, TcpFlags.Syn).Build();
            var (verdict, output) = fx.Run(frame);
            var mac = MacAddress.Read(output).ToString();
            Assert.Equal(XdpAction.Tx, verdict);
            Assert.Equal(fx.ExpectedRealMac("web", ClientIp, sport, Vip, 80, 6), mac);
            seen.Add(mac);
        }
        Assert.Equal(3, seen.Count);
    }

    [RootFact]
    public void EstablishedFlow_RealMarkedDown_IsRescheduledToAnUpReal()
    {
        Privileges.RequireRoot();
        fx.ClearFlows();
        var frame = Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Tcp(40100, 80, TcpFlags.Ack).Build();
        var first = MacAddress.Read(fx.Run(frame).Output).ToString();
        var pinned = fx.Plan.Reals.First(r => r.Service == "web" && Mac(r.Real.Mac!) == first).Real.Name;
        try
        {
            fx.Replan(new DownView(pinned));
            var after = fx.Run(frame);
            Assert.Equal(XdpAction.Tx, after.Verdict);
            Assert.NotEqual(first, MacAddress.Read(after.Output).ToString());
        }
        finally
        {
            fx.Replan(AlwaysUp.Instance);
        }
    }

    [RootFact]
    public void EstablishedFlow_FlagClearedButRingStillNamesTheReal_DropsNoReal()
    {
        Privileges.RequireRoot();
        fx.ClearFlows();
        var frame = Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Tcp(40100, 80, TcpFlags.Ack).Build();
        var first = MacAddress.Read(fx.Run(frame).Output).ToString();
        var pinned = fx.Plan.Reals.First(r => r.Service == "web" && Mac(r.Real.Mac!) == first);
        Assert.True(fx.Dp.Reals.TryLookup(pinned.Index, out Real saved));
        var before = fx.Count(Reason.DropNoReal);
        try
        {
            var down = saved;
            down.Flags = RealFlags.None;
            fx.Dp.Reals.Update(pinned.Index, down);
            Assert.Equal(XdpAction.Drop, fx.Run(frame).Verdict); // never sent to a real that is not up
            Assert.Equal(before + 1, fx.Count(Reason.DropNoReal));
        }
        finally
        {
            fx.Dp.Reals.Update(pinned.Index, saved);
        }
    }

    [RootFact]
    public void SameFlowTwice_SameReal()
    {
        Privileges.RequireRoot();
        fx.ClearFlows();
        var frame = Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Tcp(40200, 80, TcpFlags.Syn).Build();
        Assert.Equal(fx.Run(frame).Output, fx.Run(frame).Output);
    }

    public static TheoryData<string, Reason> Passes => new()
    {
        { "other-address", Reason.PassNotVip },
        { "other-port", Reason.PassNotVip },
        { "udp-to-tcp-port", Reason.PassNotVip },
        { "arp", Reason.PassNotIp },
        { "icmp-to-vip", Reason.PassNotL4 },
        { "ipv4-fragment", Reason.PassFragment },
        { "ipv6-fragment", Reason.PassFragment },
    };

    [RootTheory]
    [MemberData(nameof(Passes))]
    public void NotForAVip_PassesUnchanged(string kind, Reason reason)
    {
        Privileges.RequireRoot();
        var frame = kind switch
        {
            "other-address" => Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "192.0.2.2").Tcp(40000, 80).Build(),
            "other-port" => Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Tcp(40000, 443).Build(),
            "udp-to-tcp-port" => Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Udp(40000, 80, Payload).Build(),
            "arp" => Frame.Ethernet(Client, "ff:ff:ff:ff:ff:ff").Arp(1, MacAddress.Parse(Client), ClientIp, MacAddress.Parse("00:00:00:00:00:00"), IPAddress.Parse("192.0.2.2")).Build(),
            "icmp-to-vip" => Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Icmp().Build(),
            "ipv4-fragment" => FrameCorruption.SetByte(Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Tcp(40000, 80).Build(), 14 + 6, 0x20),
            _ => Frame.Ethernet(Client, Lb).IPv6(ClientIp6, Vip6).Fragment().Tcp(40000, 80).Build(),
        };
        var before = fx.Count(reason);

        var (verdict, output) = fx.Run(frame);

        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal(frame, output);
        Assert.Equal(before + 1, fx.Count(reason));
    }

    public static TheoryData<string> Malformed => new()
    {
        "vlan-cut", "ipv4-19-bytes", "ihl-4", "ihl-15-past-end", "tot-len-past-end", "tot-len-below-ihl", "version-5",
        "tcp-cut", "doff-4", "doff-past-end", "udp-cut", "udp-len-7", "udp-len-past-end",
        "ipv6-cut", "ipv6-payload-past-end", "ipv6-ext-cut",
    };

    [RootTheory]
    [MemberData(nameof(Malformed))]
    public void Malformed_IsDroppedAndCounted_NeverForwarded(string kind)
    {
        Privileges.RequireRoot();
        var tcp = Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Tcp(40000, 80, TcpFlags.Ack, payload: Payload).Build();
        var udp = Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Udp(40000, 53, Payload).Build();
        var tcp6 = Frame.Ethernet(Client, Lb).IPv6(ClientIp6, Vip6).Tcp(40000, 80, TcpFlags.Ack, payload: Payload).Build();
        var hbh6 = Frame.Ethernet(Client, Lb).IPv6(ClientIp6, Vip6).HopByHop(16).Tcp(40000, 80).Build();
        var frame = kind switch
        {
            "vlan-cut" => FrameCorruption.Truncate(Frame.Ethernet(Client, Lb).Vlan(7).IPv4(ClientIp, Vip).Tcp(40000, 80).Build(), 16),
            "ipv4-19-bytes" => FrameCorruption.Truncate(tcp, 14 + 19),
            "ihl-4" => FrameCorruption.SetIhl(tcp, 4),
            "ihl-15-past-end" => FrameCorruption.Truncate(FrameCorruption.SetIhl(tcp, 15), 14 + 40),
            "tot-len-past-end" => FrameCorruption.SetTotalLength(tcp, (ushort)(tcp.Length - 14 + 1)),
            "tot-len-below-ihl" => FrameCorruption.SetTotalLength(tcp, 19),
            "version-5" => FrameCorruption.SetIpVersion(tcp, 5),
            "tcp-cut" => FrameCorruption.Truncate(FrameCorruption.SetTotalLength(tcp, 20 + 10), 14 + 20 + 10),
            "doff-4" => FrameCorruption.SetTcpDataOffset(tcp, 4),
            "doff-past-end" => FrameCorruption.SetTcpDataOffset(tcp, 15),
            "udp-cut" => FrameCorruption.Truncate(FrameCorruption.SetTotalLength(udp, 20 + 6), 14 + 20 + 6),
            "udp-len-7" => FrameCorruption.SetUdpLength(udp, 7),
            "udp-len-past-end" => FrameCorruption.SetUdpLength(udp, (ushort)(udp.Length - 14 - 20 + 1)),
            "ipv6-cut" => FrameCorruption.Truncate(tcp6, 14 + 39),
            "ipv6-payload-past-end" => FrameCorruption.SetPayloadLength(tcp6, (ushort)(tcp6.Length - 14 - 40 + 1)),
            _ => FrameCorruption.Truncate(FrameCorruption.SetPayloadLength(hbh6, 8), 14 + 40 + 8),
        };
        var before = fx.Count(Reason.DropMalformed);

        var (verdict, _) = fx.Run(frame);

        Assert.Equal(XdpAction.Drop, verdict);
        Assert.Equal(before + 1, fx.Count(Reason.DropMalformed));
    }

    [RootFact]
    public void ServiceWithNoEligibleReal_Drops()
    {
        Privileges.RequireRoot();
        var before = fx.Count(Reason.DropNoReal);

        var (verdict, _) = fx.Run(Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.20").Tcp(40000, 80).Build());

        Assert.Equal(XdpAction.Drop, verdict);
        Assert.Equal(before + 1, fx.Count(Reason.DropNoReal));
    }

    [RootFact]
    public void RandomFrames_FixedSeed_NeverForwardedAndNeverCrash()
    {
        Privileges.RequireRoot();
        var random = new Random(1234);
        var template = Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Tcp(40000, 80, TcpFlags.Ack, payload: Payload).Build();
        for (var i = 0; i < 3000; i++)
        {
            // Mutate the headers (never both VIP bytes and port back to a valid VIP flow by chance
            // in a way the reference would call a hit: the destination address is always scrambled).
            var frame = FrameCorruption.Truncate(template, random.Next(14, template.Length + 1));
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                frame[random.Next(12, frame.Length)] = (byte)random.Next(256);
            }
            if (frame.Length >= 34)
            {
                frame[33] = (byte)(frame[33] == 10 ? 11 : frame[33]); // destination address is never the VIP
            }

            var result = fx.Run(frame);

            Assert.NotEqual(XdpAction.Tx, result.Verdict);
            Assert.NotEqual(XdpAction.Aborted, result.Verdict);
        }
    }

    private static string Mac(System.Net.NetworkInformation.PhysicalAddress mac) =>
        string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    private static (Func<string, string, byte[]> Build, string Service, IPAddress Src, IPAddress Dst, ushort Dport, byte Proto) Case(string kind, ushort sport) => kind switch
    {
        "tcp4" => ((s, d) => Frame.Ethernet(s, d).IPv4(ClientIp, Vip).Tcp(sport, 80, TcpFlags.Psh | TcpFlags.Ack, payload: Payload).Build(), "web", ClientIp, Vip, 80, 6),
        "tcp4-options" => ((s, d) => Frame.Ethernet(s, d).IPv4(ClientIp, Vip, options: [0x94, 0x04, 0, 0]).Tcp(sport, 80, payload: Payload).Build(), "web", ClientIp, Vip, 80, 6),
        "tcp4-vlan" => ((s, d) => Frame.Ethernet(s, d).Vlan(42).IPv4(ClientIp, Vip).Tcp(sport, 80, payload: Payload).Build(), "web", ClientIp, Vip, 80, 6),
        "udp4" => ((s, d) => Frame.Ethernet(s, d).IPv4(ClientIp, Vip).Udp(sport, 53, Payload).Build(), "dns", ClientIp, Vip, 53, 17),
        "tcp6" => ((s, d) => Frame.Ethernet(s, d).IPv6(ClientIp6, Vip6).Tcp(sport, 80, payload: Payload).Build(), "web6", ClientIp6, Vip6, 80, 6),
        _ => ((s, d) => Frame.Ethernet(s, d).IPv6(ClientIp6, Vip6).HopByHop().Tcp(sport, 80, payload: Payload).Build(), "web6", ClientIp6, Vip6, 80, 6),
    };

    private sealed class DownView(string real) : IHealthView
    {
        public HealthState? StateOf(ServiceConfig service, RealConfig r) => r.Name == real ? HealthState.Down : null;
    }
}
