namespace FastLb.PacketTests.Modes;

/// <summary>Transparent mode through the real program: destination address, port and MAC become the
/// real's, source MAC and TTL stay; replies un-NAT'd with their MACs kept; inline and one-arm.</summary>
[Collection(ModesCollection.Name)]
public sealed class TransparentTests(ModesFixture fx)
{
    public static TheoryData<string, bool, bool> Cases => new()
    {
        { "v4", false, true }, { "v4", true, true }, { "v6", false, true }, { "v6", true, true },
        { "v4", false, false }, { "v4", true, false }, { "v6", false, false }, { "v6", true, false },
    };

    [RootTheory]
    [MemberData(nameof(Cases))]
    public void RequestAndReply_ExactFrames(string family, bool snat, bool inline)
    {
        fx.Fresh(inline);
        try
        {
            var v6 = family == "v6";
            var (client, vip, real) = v6 ? ("2001:db8:1::7", snat ? "2001:db8:3::52" : "2001:db8:3::50", "2001:db8:2::11")
                : ("198.51.100.7", snat ? "203.0.113.52" : "203.0.113.50", "192.0.2.11");
            var range = v6 ? new PortRange(51000, 51009) : new PortRange(41000, 41009);
            var sport = snat ? FirstSnatPort(FlowKey.Create(System.Net.IPAddress.Parse(client), 40010, System.Net.IPAddress.Parse(vip), 80, 6), range) : (ushort)40010;
            var src = snat ? (v6 ? "2001:db8:2::1" : "192.0.2.1") : client;
            var (forward, reply) = inline ? (Reason.RedirectForward, Reason.RedirectReply) : (Reason.TxForward, Reason.TxReply);
            var verdict = inline ? XdpAction.Redirect : XdpAction.Tx;

            var before = fx.Plane.Snapshot();
            var (v, output) = fx.Run(Tcp(ClientMac, LbOut, client, vip, 40010, 80));
            Assert.Equal(verdict, v);
            // TTL kept; inline the source MAC too, one-arm FastLb's own (a switch must not learn the client there).
            Assert.Equal(Tcp(inline ? ClientMac : LbOut, RealMac, src, real, sport, 8080), output);
            Assert.Equal(new Dictionary<Reason, ulong> { [forward] = 1 }, fx.Plane.DeltaSince(before));

            // Inline the real answers the client (or the SNAT address) through its router, the client's
            // MAC here, and the MACs cross unchanged; one-arm it answers FastLb, which takes the client's
            // next hop from the neighbour table.
            before = fx.Plane.Snapshot();
            (v, output) = fx.Run(Tcp(RealMac, inline ? ClientMac : LbOut, real, src, 8080, sport), inside: inline);
            Assert.Equal(verdict, v);
            Assert.Equal(Tcp(inline ? RealMac : LbOut, ClientMac, vip, client, 80, 40010), output);
            Assert.Equal(new Dictionary<Reason, ulong> { [reply] = 1 }, fx.Plane.DeltaSince(before));
        }
        finally
        {
            fx.SetTopology(inline: true, bridge: false);
        }
    }

    [RootFact]
    public void Udp4WithoutChecksum_StaysWithoutChecksum()
    {
        fx.Fresh();
        var (verdict, output) = fx.Run(UdpNoChecksum(ClientMac, LbOut, "198.51.100.7", "203.0.113.53", 40011, 53));
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(UdpNoChecksum(ClientMac, RealMac, "198.51.100.7", "192.0.2.11", 40011, 5353), output);
        (verdict, output) = fx.Run(UdpNoChecksum(RealMac, ClientMac, "192.0.2.11", "198.51.100.7", 5353, 40011), inside: true);
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(UdpNoChecksum(RealMac, ClientMac, "203.0.113.53", "198.51.100.7", 53, 40011), output);
    }

    [RootFact]
    public void RealWithoutMac_MacFromTheNeighbourTable()
    {
        fx.Fresh();
        var real = fx.Plane.Plan.Services.Single(s => s.Config.Name == "t4-neigh").Reals.Single();
        Assert.True(fx.Plane.Dp.Reals.TryLookup(real.Index, out Real entry));
        Assert.Equal(RealFlags.Up, entry.Flags); // no FASTLB_REAL_F_MAC

        var (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, "198.51.100.7", "203.0.113.54", 40012, 80));
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(ClientMac, RealMac, "198.51.100.7", "192.0.2.11", 40012, 8080), output);
    }

    [RootFact]
    public void RealWithoutMac_NeighbourUnresolved_PassesTheRewrittenFrame()
    {
        fx.Fresh();
        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, "198.51.100.7", "203.0.113.55", 40013, 80));
        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal(Tcp(ClientMac, LbOut, "198.51.100.7", "192.0.2.12", 40013, 80), output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.PassNoNeigh] = 1 }, fx.Plane.DeltaSince(before));
    }
}
