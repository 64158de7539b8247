using static FastLb.PacketTests.Modes.EncapFixture;
using static FastLb.PacketTests.Modes.EncapFrames;

namespace FastLb.PacketTests.Modes;

/// <summary>Packets that would exceed the route's MTU (1400) once encapsulated: ICMP fragmentation
/// needed / packet too big back to the client from the VIP with the MTU less the tunnel's overhead,
/// quoting the packet's first 256 bytes; IPv4 without DF dropped; a packet that just fits is sent.
/// ICMP errors about a flow go through the flow's tunnel to its real.</summary>
[Collection(EncapCollection.Name)]
public sealed class EncapMtuTests(EncapFixture fx)
{
    private const int Quote = 256;

    // Payload sizes giving an inner datagram of exactly `size` bytes (TCP header 20, IP 20 / 40).
    private static byte[] Sized(int size, bool v6) => new byte[size - 20 - (v6 ? 40 : 20)];

    [RootFact]
    public void Ipip4_TooBigWithDf_FragNeededToTheClientWithMtuLessOverhead()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var request = Request("198.51.100.7", "203.0.113.72", 40100, payload: Sized(1381, v6: false));
        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(request);

        Assert.Equal(XdpAction.Tx, verdict);
        var expected = Frame.Ethernet(LbMac, RouterMac).IPv4("203.0.113.72", "198.51.100.7", 64)
            .Icmp(type: 3, code: 4, identifier: 0, sequence: 1400 - 20, payload: request[14..(14 + Quote)]).Build();
        Assert.Equal(expected, output);
        Assert.True(Checksums.Verify(output).AllValid);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.TxIcmpTooBig] = 1 }, fx.Plane.DeltaSince(before));
    }

    [RootFact]
    public void Ipip4_ExactlyFits_Tunnelled()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var request = Request("198.51.100.7", "203.0.113.72", 40101, payload: Sized(1380, v6: false));
        var hash = Hash("198.51.100.7", 40101, "203.0.113.72", 80, 6);
        var (verdict, output) = fx.Run(request);
        Assert.Equal(XdpAction.Tx, verdict);
        Assert.Equal(1400, output.Length - 14);
        Assert.Equal(Ipip(LbMac, RouterMac, OuterSource(false, hash), "192.0.2.50", Inner(request), 0, hash), output);
    }

    [RootFact]
    public void NextHopCachedByAFittingPacket_TooBigOneStillAnsweredWithTheRouteMtu()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        // The first packet resolves the real's next hop (and its path MTU) and caches it; the second
        // is checked against the cached MTU without a FIB lookup.
        Assert.Equal(XdpAction.Tx, fx.Run(Request("198.51.100.7", "203.0.113.72", 40105, payload: Sized(1380, v6: false))).Verdict);
        var request = Request("198.51.100.7", "203.0.113.72", 40106, payload: Sized(1381, v6: false));
        var (verdict, output) = fx.Run(request);
        Assert.Equal(XdpAction.Tx, verdict);
        Assert.Equal(Frame.Ethernet(LbMac, RouterMac).IPv4("203.0.113.72", "198.51.100.7", 64)
            .Icmp(type: 3, code: 4, identifier: 0, sequence: 1380, payload: request[14..(14 + Quote)]).Build(), output);
    }

    [RootFact]
    public void Ipip4_TooBigWithoutDf_DroppedAndCounted()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var request = Request("198.51.100.7", "203.0.113.72", 40102, df: false, payload: Sized(1381, v6: false));
        var before = fx.Plane.Snapshot();
        var (verdict, _) = fx.Run(request);
        Assert.Equal(XdpAction.Drop, verdict);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.DropTooBig] = 1 }, fx.Plane.DeltaSince(before));
    }

    [RootFact]
    public void Gue6_TooBig_PacketTooBigToTheClient_ExactlyFitting_Tunnelled()
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var request = Request("2001:db8:1::7", "2001:db8:3::72", 40103, payload: Sized(1349, v6: true));
        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(request);

        Assert.Equal(XdpAction.Tx, verdict);
        var mtu = 1400 - 40 - 8 - 4;
        var expected = Frame.Ethernet(LbMac, RouterMac).IPv6("2001:db8:3::72", "2001:db8:1::7", 64)
            .Icmp(type: 2, code: 0, identifier: 0, sequence: (ushort)mtu, payload: request[14..(14 + Quote)]).Build();
        Assert.Equal(expected, output);
        Assert.True(Checksums.Verify(output).AllValid);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.TxIcmpTooBig] = 1 }, fx.Plane.DeltaSince(before));

        var fits = Request("2001:db8:1::7", "2001:db8:3::72", 40104, payload: Sized(mtu, v6: true));
        (verdict, output) = fx.Run(fits);
        Assert.Equal(XdpAction.Tx, verdict);
        Assert.Equal(1400, output.Length - 14);
        Assert.True(Checksums.Verify(output).AllValid);
    }

    [RootTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void IcmpErrorAboutAFlowsReply_TunnelledUnchangedToTheFlowsReal(bool v6)
    {
        Privileges.RequireRoot();
        fx.Plane.ClearFlows();
        var (client, vip, real, router) = v6 ? ("2001:db8:1::7", "2001:db8:3::70", "2001:db8:2::11", "2001:db8:1::fe")
            : ("198.51.100.7", "203.0.113.70", "192.0.2.11", "198.51.100.254");
        Assert.Equal(XdpAction.Tx, fx.Run(Request(client, vip, 40200)).Verdict);
        var hash = Hash(client, 40200, vip, 80, 6);

        // A router on the reply's path: the real's reply (VIP:80 -> client) did not fit.
        var reply = Request(vip, client, 80, dport: 40200);
        var error = IcmpError(router, vip, reply[14..(14 + (v6 ? 48 : 28))], v6);
        var before = fx.Plane.Snapshot();
        var (verdict, output) = fx.Run(error);

        Assert.Equal(XdpAction.Tx, verdict);
        Assert.Equal(Ipip(LbMac, RouterMac, OuterSource(v6, hash), real, Inner(error), 0, hash), output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.TxIcmpError] = 1 }, fx.Plane.DeltaSince(before));

        // The same error about a flow FastLb never saw stays with the kernel.
        var unknown = IcmpError(router, vip, Request(vip, client, 80, dport: 40299)[14..(14 + (v6 ? 48 : 28))], v6);
        before = fx.Plane.Snapshot();
        (verdict, output) = fx.Run(unknown);
        Assert.Equal(XdpAction.Pass, verdict);
        Assert.Equal(unknown, output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.PassNotL4] = 1 }, fx.Plane.DeltaSince(before));
    }

    private static byte[] IcmpError(string from, string to, byte[] quote, bool v6)
    {
        var e = Frame.Ethernet(RouterMac, LbMac);
        return v6
            ? e.IPv6(from, to, 64).Icmp(type: 2, code: 0, identifier: 0, sequence: 1280, payload: quote).Build()
            : e.IPv4(from, to, 64).Icmp(type: 3, code: 4, identifier: 0, sequence: 1280, payload: quote).Build();
    }
}
