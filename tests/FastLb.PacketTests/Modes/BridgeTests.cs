namespace FastLb.PacketTests.Modes;

/// <summary>Inline transparent bridging: with the bridge flag, frames not for FastLb cross unchanged to
/// the other port; without it they pass to the kernel as before.</summary>
[Collection(ModesCollection.Name)]
public sealed class BridgeTests(ModesFixture fx)
{
    public static TheoryData<string, string> Frames => new()
    {
        { "arp-other-address", nameof(Reason.PassNotIp) },
        { "ipv4-other-address", nameof(Reason.PassNotVip) },
        { "vlan-tagged-to-vip", nameof(Reason.PassNotIp) },
        { "two-tags", nameof(Reason.PassNotIp) },
        { "lldp", nameof(Reason.PassNotIp) },
        { "ipv4-fragment-to-vip", nameof(Reason.PassFragment) },
        { "ipv6-fragment-to-vip", nameof(Reason.PassFragment) },
        { "icmp-echo", nameof(Reason.PassNotL4) },
    };

    [RootTheory]
    [MemberData(nameof(Frames))]
    public void NotForFastLb_BridgeFlag_RedirectedUnchangedToTheOtherPort(string kind, string passReason)
    {
        Privileges.RequireRoot();
        var frame = Build(kind);
        try
        {
            fx.SetTopology(inline: true, bridge: true);
            foreach (var inside in new[] { false, true })
            {
                var before = fx.Plane.Snapshot();
                var (verdict, output) = fx.Run(frame, inside);
                Assert.Equal(XdpAction.Redirect, verdict);
                Assert.Equal(frame, output);
                Assert.Equal(new Dictionary<Reason, ulong> { [Reason.RedirectBridge] = 1 }, fx.Plane.DeltaSince(before));
            }

            // The port chosen is the other one: without an outside entry, only the frame from the inside fails.
            fx.Plane.Dp.Ports.Delete((uint)Port.Outside);
            Assert.Equal(XdpAction.Redirect, fx.Run(frame, inside: false).Verdict);
            var before2 = fx.Plane.Snapshot();
            Assert.Equal(XdpAction.Drop, fx.Run(frame, inside: true).Verdict);
            Assert.Equal(new Dictionary<Reason, ulong> { [Reason.DropNoRoute] = 1 }, fx.Plane.DeltaSince(before2));
        }
        finally
        {
            fx.Ns.Namespace.Run(() => fx.Plane.Dp.Ports.Update((uint)Port.Outside, (uint)fx.OutIfindex));
            fx.SetTopology(inline: true, bridge: false);
        }

        var beforePass = fx.Plane.Snapshot();
        var (passVerdict, passOutput) = fx.Run(frame);
        Assert.Equal(XdpAction.Pass, passVerdict);
        Assert.Equal(frame, passOutput);
        Assert.Equal(new Dictionary<Reason, ulong> { [Enum.Parse<Reason>(passReason)] = 1 }, fx.Plane.DeltaSince(beforePass));
    }

    [RootFact]
    public void BridgeFlag_VipTrafficStillBalanced()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        try
        {
            fx.SetTopology(inline: true, bridge: true);
            var (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, "198.51.100.7", "203.0.113.50", 40020, 80));
            Assert.Equal(XdpAction.Redirect, verdict);
            Assert.Equal(Tcp(ClientMac, RealMac, "198.51.100.7", "192.0.2.11", 40020, 8080), output);
        }
        finally
        {
            fx.SetTopology(inline: true, bridge: false);
        }
    }

    private static byte[] Build(string kind) => kind switch
    {
        "arp-other-address" => Frame.Ethernet(ClientMac, "ff:ff:ff:ff:ff:ff").Arp(1, MacAddress.Parse(ClientMac), IPAddress.Parse("198.51.100.7"),
            MacAddress.Parse("00:00:00:00:00:00"), IPAddress.Parse("198.51.100.99")).Build(),
        "ipv4-other-address" => Tcp(ClientMac, RealMac, "198.51.100.7", "192.0.2.11", 40021, 8080),
        "vlan-tagged-to-vip" => Frame.Ethernet(ClientMac, LbOut).Vlan(10, tpid: EtherTypes.QinQ).Vlan(20).IPv4("198.51.100.7", "203.0.113.50").Tcp(40022, 80).Build(),
        "two-tags" => Frame.Ethernet(ClientMac, LbOut).Vlan(10, tpid: EtherTypes.QinQ).Vlan(20).IPv4("198.51.100.7", "192.0.2.11").Tcp(40022, 80).Build(),
        "lldp" => Frame.Ethernet(ClientMac, "01:80:c2:00:00:0e").EtherPayload(EtherTypes.Lldp, new byte[32]).Build(),
        "ipv4-fragment-to-vip" => Frame.Ethernet(ClientMac, LbOut).IPv4("198.51.100.7", "203.0.113.50", fragmentOffset: 185).IpPayload(6, Payload).Build(),
        "ipv6-fragment-to-vip" => Frame.Ethernet(ClientMac, LbOut).IPv6("2001:db8:1::7", "2001:db8:3::50").Fragment().Tcp(40023, 80).Build(),
        "icmp-echo" => Frame.Ethernet(ClientMac, LbOut).IPv4("198.51.100.7", "203.0.113.50").Icmp().Build(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown case"),
    };
}
