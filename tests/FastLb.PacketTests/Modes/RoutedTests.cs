namespace FastLb.PacketTests.Modes;

/// <summary>Routed mode through the real program: DNAT (+ SNAT), TTL - 1, MACs from the FIB of a
/// namespace built for it; replies un-NAT'd; exact output frames and reason deltas.</summary>
[Collection(ModesCollection.Name)]
public sealed class RoutedTests(ModesFixture fx)
{
    public static TheoryData<string, bool> RequestReply => new()
    {
        { "v4", false }, { "v4", true }, { "v6", false }, { "v6", true },
    };

    [RootTheory]
    [MemberData(nameof(RequestReply))]
    public void Inline_RequestToInsideAndReplyToOutside_ExactFrames(string family, bool snat)
    {
        fx.Fresh();
        var v6 = family == "v6";
        var (client, vip, real) = v6 ? ("2001:db8:1::7", snat ? "2001:db8:3::42" : "2001:db8:3::40", "2001:db8:2::11")
            : ("198.51.100.7", snat ? "203.0.113.42" : "203.0.113.40", "192.0.2.11");
        var snatAddr = v6 ? "2001:db8:2::1" : "192.0.2.1";
        var range = v6 ? new PortRange(50000, 50009) : new PortRange(40000, 40001);
        var sport = snat ? FirstSnatPort(FlowKey.Create(System.Net.IPAddress.Parse(client), 40000, System.Net.IPAddress.Parse(vip), 80, 6), range) : (ushort)40000;
        var src = snat ? snatAddr : client;

        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, client, vip, 40000, 80));
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbIn, RealMac, src, real, sport, 8080, ttl: 63), output);
        Assert.True(Checksums.Verify(output).AllValid);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.RedirectForward] = 1 }, fx.Plane.DeltaSince(before));

        before = fx.Plane.Snapshot();
        (verdict, output) = fx.Run(Tcp(RealMac, LbIn, real, src, 8080, sport), inside: true);
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbOut, ClientMac, vip, client, 80, 40000, ttl: 63), output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.RedirectReply] = 1 }, fx.Plane.DeltaSince(before));
    }

    [RootFact]
    public void OneArm_RealOnTheIngressLink_TxBothWays()
    {
        fx.Fresh();
        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, "198.51.100.7", "203.0.113.41", 40001, 80));
        Assert.Equal(XdpAction.Tx, verdict);
        Assert.Equal(Tcp(LbOut, OneArmMac, "198.51.100.7", "192.0.2.70", 40001, 8080, ttl: 63), output);

        (verdict, output) = fx.Run(Tcp(OneArmMac, LbOut, "192.0.2.70", "198.51.100.7", 8080, 40001));
        Assert.Equal(XdpAction.Tx, verdict);
        Assert.Equal(Tcp(LbOut, ClientMac, "203.0.113.41", "198.51.100.7", 80, 40001, ttl: 63), output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.TxForward] = 1, [Reason.TxReply] = 1 }, fx.Plane.DeltaSince(before));
    }

    [RootFact]
    public void Udp4WithoutChecksum_StaysWithoutChecksum_BothWays()
    {
        fx.Fresh();
        var (verdict, output) = fx.Run(UdpNoChecksum(ClientMac, LbOut, "198.51.100.7", "203.0.113.43", 40002, 53));
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(UdpNoChecksum(LbIn, RealMac, "198.51.100.7", "192.0.2.11", 40002, 5353, ttl: 63), output);
        (verdict, output) = fx.Run(UdpNoChecksum(RealMac, LbIn, "192.0.2.11", "198.51.100.7", 5353, 40002), inside: true);
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(UdpNoChecksum(LbOut, ClientMac, "203.0.113.43", "198.51.100.7", 53, 40002, ttl: 63), output);

        // With a checksum, the checksum is updated (and matches one computed from scratch).
        (verdict, output) = fx.Run(Udp(ClientMac, LbOut, "198.51.100.7", "203.0.113.43", 40003, 53));
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Udp(LbIn, RealMac, "198.51.100.7", "192.0.2.11", 40003, 5353, ttl: 63), output);
    }

    [RootFact]
    public void NoNeighbour_PassesTheRewrittenFrameWithTtlKept()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, "198.51.100.7", "203.0.113.44", 40004, 80));
        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal(Tcp(ClientMac, LbOut, "198.51.100.7", "192.0.2.12", 40004, 80), output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.PassNoNeigh] = 1 }, fx.Plane.DeltaSince(before));
    }

    public static TheoryData<string, string, byte, string> Drops => new()
    {
        { "no-route", "203.0.113.45", 64, nameof(Reason.DropNoRoute) },
        { "ttl-1", "203.0.113.40", 1, nameof(Reason.DropTtl) },
        { "ttl-0", "203.0.113.40", 0, nameof(Reason.DropTtl) },
        { "ttl-1-v6", "2001:db8:3::40", 1, nameof(Reason.DropTtl) },
    };

    [RootTheory]
    [MemberData(nameof(Drops))]
    public void Unroutable_DroppedUnchanged(string kind, string vip, byte ttl, string reason)
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var client = vip.Contains(':', StringComparison.Ordinal) ? "2001:db8:1::7" : "198.51.100.7";
        var frame = Tcp(ClientMac, LbOut, client, vip, 40005, 80, ttl);
        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(frame);
        Assert.True(XdpAction.Drop == verdict, kind);
        Assert.Equal(frame, output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Enum.Parse<Reason>(reason)] = 1 }, fx.Plane.DeltaSince(before));
    }

    [RootFact]
    public void ReplyOfNoFlow_PassesUnchanged()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var frame = Tcp(RealMac, LbIn, "192.0.2.11", "198.51.100.7", 8080, 40006);
        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(frame, inside: true);
        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal(frame, output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.PassNotVip] = 1 }, fx.Plane.DeltaSince(before));
    }
}
