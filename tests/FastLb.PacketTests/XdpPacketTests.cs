namespace FastLb.PacketTests;

/// <summary>Frames through the real XDP program with BPF_PROG_TEST_RUN: verdict, whole output frame, counters.</summary>
public sealed class XdpPacketTests(DataPlaneFixture fx) : IClassFixture<DataPlaneFixture>
{
    private const string Lb = DataPlaneFixture.LbMac;
    private const string Client = DataPlaneFixture.ClientMac;
    private static readonly IPAddress ClientIp = IPAddress.Parse("198.51.100.7");
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.10");
    private static readonly IPAddress ClientIp6 = IPAddress.Parse("2001:db8:1::7");
    private static readonly IPAddress Vip6 = IPAddress.Parse("2001:db8:3::10");
    private static readonly byte[] Payload = "GET / HTTP/1.1\r\n\r\n"u8.ToArray();

    public static TheoryData<string> VipHits => new() { "tcp4", "tcp4-options", "tcp4-vlan", "tcp4-qinq-tag", "udp4", "tcp6", "tcp6-hop-by-hop", "tcp6-four-extensions", "udp4-ethernet-padding" };

    [RootTheory]
    [MemberData(nameof(VipHits))]
    public void VipHit_NewFlow_TxToTheReferenceRealWithOnlyMacsRewritten(string kind)
    {
        Privileges.RequireRoot();
        fx.ClearFlows();
        var (build, service, src, dst, dport, proto) = Case(kind, sport: 40001);
        var real = fx.ExpectedReal(FlowKey.Create(src, 40001, dst, dport, proto));
        Assert.Equal(service, real.Service);
        var input = build(Client, Lb);
        var before = fx.Snapshot();
        var realBefore = fx.RealCount(real.Index);

        var (verdict, output) = fx.Run(input);

        Assert.Equal(XdpAction.Tx, verdict);
        Assert.Equal(build(Lb, DataPlaneFixture.MacOf(real)), output); // byte for byte: IP, ports, TTL, checksums, payload unchanged
        Assert.Contains(Checksums.Verify(output).Results, r => r.Field is "TCP" or "UDP"); // every checksum recomputed from scratch
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.TxForward] = 1 }, fx.DeltaSince(before));
        var realAfter = fx.RealCount(real.Index);
        Assert.Equal((1ul, (ulong)input.Length, 1ul),
            (realAfter.Packets - realBefore.Packets, realAfter.Bytes - realBefore.Bytes, realAfter.NewFlows - realBefore.NewFlows));
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
        var real = fx.ExpectedReal(FlowKey.Create(ClientIp, 40200, Vip, 80, 6));
        var before = fx.RealCount(real.Index);

        var first = fx.Run(frame);
        var second = fx.Run(frame);

        Assert.Equal(DataPlaneFixture.MacOf(real), MacAddress.Read(first.Output).ToString());
        Assert.Equal(first.Output, second.Output);
        var after = fx.RealCount(real.Index);
        Assert.Equal((2ul, 1ul), (after.Packets - before.Packets, after.NewFlows - before.NewFlows)); // one new flow, two packets
    }

    [RootFact]
    public void RingFlippedToCopyWithoutAReal_ExistingFlowsKeepTheirReal_NewFlowsNeverGetIt()
    {
        Privileges.RequireRoot();
        fx.ClearFlows();
        var web = fx.Plan.Services.Single(s => s.Config.Name == "web");
        var key = VipKey.Create(Vip, 80, 6);
        Assert.True(fx.Dp.Services.TryLookup(key, out Service live));
        var pinned = new Dictionary<ushort, string>();
        for (ushort sport = 30000; sport < 30060; sport++)
        {
            pinned[sport] = MacAddress.Read(fx.Run(Syn(sport)).Output).ToString();
        }
        var removed = web.Reals[0];
        Assert.Contains(DataPlaneFixture.MacOf(removed), pinned.Values); // some flows are on the real we take out

        // The controller's step: a Maglev table over the remaining reals into the idle copy, then the flip.
        var kept = web.Reals.Skip(1).ToList();
        var ring = MaglevTable.Build([.. kept.Select(r => new MaglevBackend(r.Real.Endpoint, 1))], (int)live.RingSize)
            .Select(i => kept[i].Index).ToArray();
        var idle = (byte)(live.RingActive ^ 1);
        fx.Dp.RingTables.Write(live.Id, idle, ring);
        var flipped = live;
        flipped.RingActive = idle;
        try
        {
            fx.Dp.Services.Update(key, flipped);

            foreach (var (sport, mac) in pinned)
            {
                Assert.Equal(mac, MacAddress.Read(fx.Run(Syn(sport)).Output).ToString());
            }
            for (ushort sport = 31000; sport < 31200; sport++)
            {
                var flow = FlowKey.Create(ClientIp, sport, Vip, 80, 6);
                var hash = FlowHash.OfFlowKey(System.Runtime.InteropServices.MemoryMarshal.AsBytes(
                    System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan(ref flow, 1)));
                var expected = kept.Single(r => r.Index == ring[hash % (uint)ring.Length]);
                var (verdict, output) = fx.Run(Syn(sport));
                Assert.Equal(XdpAction.Tx, verdict);
                Assert.Equal(DataPlaneFixture.MacOf(expected), MacAddress.Read(output).ToString());
            }
        }
        finally
        {
            fx.Dp.Services.Update(key, live); // the original copy was never touched
            fx.ClearFlows();
        }

        static byte[] Syn(ushort sport) => Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Tcp(sport, 80, TcpFlags.Syn).Build();
    }

    public static TheoryData<string, Reason> Passes => new()
    {
        { "other-address", Reason.PassNotVip },
        { "other-port", Reason.PassNotVip },
        { "udp-to-tcp-port", Reason.PassNotVip },
        { "arp", Reason.PassNotIp },
        { "icmp-to-vip", Reason.PassNotL4 },
        { "ipv4-fragment", Reason.PassFragment },
        { "ipv4-fragment-offset", Reason.PassFragment },
        { "ipv6-fragment", Reason.PassFragment },
        { "ipv6-fragment-after-hop-by-hop", Reason.PassFragment },
        { "ipv6-five-extensions", Reason.PassIp6Ext },
        { "ipv6-no-next-header", Reason.PassNotL4 },
        { "icmp6-to-vip", Reason.PassNotL4 },
        { "lldp", Reason.PassNotIp },
        { "two-vlan-tags", Reason.PassNotIp },
        { "udp6-to-tcp-vip", Reason.PassNotVip },
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
            "ipv4-fragment-offset" => Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip, fragmentOffset: 185).IpPayload(6, Payload).Build(),
            "ipv6-fragment" => Frame.Ethernet(Client, Lb).IPv6(ClientIp6, Vip6).Fragment().Tcp(40000, 80).Build(),
            "ipv6-fragment-after-hop-by-hop" => Frame.Ethernet(Client, Lb).IPv6(ClientIp6, Vip6).HopByHop().Fragment(offset: 0).Tcp(40000, 80).Build(),
            "ipv6-five-extensions" => Frame.Ethernet(Client, Lb).IPv6(ClientIp6, Vip6).HopByHop().DestinationOptions().Routing().DestinationOptions()
                .DestinationOptions().Tcp(40000, 80).Build(),
            "ipv6-no-next-header" => Frame.Ethernet(Client, Lb).IPv6(ClientIp6, Vip6).IpPayload(IpProtocols.NoNext, Payload).Build(),
            "icmp6-to-vip" => Frame.Ethernet(Client, Lb).IPv6(ClientIp6, Vip6).Icmp().Build(),
            "lldp" => Frame.Ethernet(Client, "01:80:c2:00:00:0e").EtherPayload(EtherTypes.Lldp, new byte[32]).Build(),
            "two-vlan-tags" => Frame.Ethernet(Client, Lb).Vlan(10, tpid: EtherTypes.QinQ).Vlan(20).IPv4(ClientIp, Vip).Tcp(40000, 80).Build(),
            "udp6-to-tcp-vip" => Frame.Ethernet(Client, Lb).IPv6(ClientIp6, Vip6).Udp(40000, 80, Payload).Build(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown case"),
        };
        var before = fx.Snapshot();

        var (verdict, output) = fx.Run(frame);

        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal(frame, output);
        Assert.Equal(new Dictionary<Reason, ulong> { [reason] = 1 }, fx.DeltaSince(before));
    }

    public static TheoryData<string> Malformed => new()
    {
        "vlan-cut", "ipv4-19-bytes", "ihl-4", "ihl-15-past-end", "tot-len-past-end", "tot-len-below-ihl", "version-5",
        "tcp-cut", "doff-4", "doff-past-end", "udp-cut", "udp-len-7", "udp-len-past-end",
        "ipv6-cut", "ipv6-payload-past-end", "ipv6-ext-cut", "ipv6-version-4",
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
            "ipv6-ext-cut" => FrameCorruption.Truncate(FrameCorruption.SetPayloadLength(hbh6, 8), 14 + 40 + 8),
            "ipv6-version-4" => FrameCorruption.SetIpVersion(tcp6, 4),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown case"),
        };
        var before = fx.Snapshot();

        var (verdict, output) = fx.Run(frame);

        Assert.Equal(XdpAction.Drop, verdict);
        Assert.Equal(frame, output); // nothing rewritten on the way to the drop
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.DropMalformed] = 1 }, fx.DeltaSince(before));
    }

    [RootFact]
    public void EthernetCutShort_13Bytes_KernelRefusesTheTestRunAndNothingIsCounted()
    {
        Privileges.RequireRoot();
        var frame = FrameCorruption.Truncate(Frame.Ethernet(Client, Lb).IPv4(ClientIp, Vip).Tcp(40000, 80).Build(), 13);
        var before = fx.Snapshot();

        // BPF_PROG_TEST_RUN rejects XDP input shorter than ETH_HLEN before the program runs,
        // so the program's own < 14 byte check (DROP_MALFORMED) is unreachable from here.
        var e = Assert.Throws<BpfException>(() => fx.Run(frame));

        Assert.Equal(22, e.Errno); // EINVAL
        Assert.Empty(fx.DeltaSince(before));
    }

    [RootFact]
    public void ServiceWithEmptyRing_DropsNoReal()
    {
        Privileges.RequireRoot();
        var empty = fx.Plan.Services.Single(s => s.Config.Name == "empty");
        Assert.All(empty.Ring, slot => Assert.Equal(AbiLimits.NoReal, slot));
        var frame = Frame.Ethernet(Client, Lb).IPv4("198.51.100.7", "203.0.113.20").Tcp(40000, 80).Build();
        var before = fx.Snapshot();

        var (verdict, output) = fx.Run(frame);

        Assert.Equal(XdpAction.Drop, verdict);
        Assert.Equal(frame, output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.DropNoReal] = 1 }, fx.DeltaSince(before));
    }

    private static string Mac(System.Net.NetworkInformation.PhysicalAddress mac) =>
        string.Join(':', mac.GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));

    private static (Func<string, string, byte[]> Build, string Service, IPAddress Src, IPAddress Dst, ushort Dport, byte Proto) Case(string kind, ushort sport) => kind switch
    {
        "tcp4" => ((s, d) => Frame.Ethernet(s, d).IPv4(ClientIp, Vip).Tcp(sport, 80, TcpFlags.Psh | TcpFlags.Ack, payload: Payload).Build(), "web", ClientIp, Vip, 80, 6),
        "tcp4-options" => ((s, d) => Frame.Ethernet(s, d).IPv4(ClientIp, Vip, options: [0x94, 0x04, 0, 0]).Tcp(sport, 80, payload: Payload).Build(), "web", ClientIp, Vip, 80, 6),
        "tcp4-vlan" => ((s, d) => Frame.Ethernet(s, d).Vlan(42).IPv4(ClientIp, Vip).Tcp(sport, 80, payload: Payload).Build(), "web", ClientIp, Vip, 80, 6),
        "udp4" => ((s, d) => Frame.Ethernet(s, d).IPv4(ClientIp, Vip).Udp(sport, 53, Payload).Build(), "dns", ClientIp, Vip, 53, 17),
        "tcp4-qinq-tag" => ((s, d) => Frame.Ethernet(s, d).Vlan(42, tpid: EtherTypes.QinQ).IPv4(ClientIp, Vip).Tcp(sport, 80, payload: Payload).Build(), "web", ClientIp, Vip, 80, 6),
        "udp4-ethernet-padding" => ((s, d) => [.. Frame.Ethernet(s, d).IPv4(ClientIp, Vip).Udp(sport, 53, [1, 2]).Build(), .. new byte[14]], "dns", ClientIp, Vip, 53, 17),
        "tcp6" => ((s, d) => Frame.Ethernet(s, d).IPv6(ClientIp6, Vip6).Tcp(sport, 80, payload: Payload).Build(), "web6", ClientIp6, Vip6, 80, 6),
        "tcp6-four-extensions" => ((s, d) => Frame.Ethernet(s, d).IPv6(ClientIp6, Vip6).HopByHop().DestinationOptions(16).Routing().DestinationOptions()
            .Tcp(sport, 80, payload: Payload).Build(), "web6", ClientIp6, Vip6, 80, 6),
        _ => ((s, d) => Frame.Ethernet(s, d).IPv6(ClientIp6, Vip6).HopByHop().Tcp(sport, 80, payload: Payload).Build(), "web6", ClientIp6, Vip6, 80, 6),
    };

    private sealed class DownView(string real) : IHealthView
    {
        public HealthState? StateOf(ServiceConfig service, RealConfig r) => r.Name == real ? HealthState.Down : null;
    }
}
