namespace FastLb.PacketTests.Modes;

/// <summary>
/// The NAT reverse entries of flows that have sent only SYNs live in the opening table and move to
/// the established table when the flow is established, so a SYN flood of ten times the connection
/// table churns the opening table alone: the replies of established flows are still un-NAT'd.
/// </summary>
[Collection(ModesCollection.Name)]
public sealed class NatOpeningTests(ModesFixture fx)
{
    private const string Vip = "203.0.113.40"; // r4: routed, inline, no SNAT, real 192.0.2.11:8080

    [RootFact]
    public void SynOnly_EntryInOpeningTable_SynAckUnNated_EstablishedByAck_EntryMoves()
    {
        fx.Fresh();
        var reverse = FlowKey.Create(IPAddress.Parse("192.0.2.11"), 8080, IPAddress.Parse("198.51.100.8"), 40500, 6);

        Assert.Equal(XdpAction.Redirect, fx.Run(Syn("198.51.100.8", 40500)).Verdict);
        Assert.True(fx.Plane.Dp.Nat.TryLookup(NatTab.Opening, reverse, out Nat _));
        Assert.False(fx.Plane.Dp.Nat.TryLookup(NatTab.Established, reverse, out Nat _));

        // The real's SYN-ACK is found in the opening table and un-NAT'd.
        var (verdict, output) = fx.Run(SynAck(RealMac, LbIn, "192.0.2.11", "198.51.100.8", 8080, 40500, 64), inside: true);
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(SynAck(LbOut, ClientMac, Vip, "198.51.100.8", 80, 40500, 63), output);

        // The client's ACK establishes the flow: its entry is written to the established table.
        Assert.Equal(XdpAction.Redirect, fx.Run(Tcp(ClientMac, LbOut, "198.51.100.8", Vip, 40500, 80)).Verdict);
        Assert.True(fx.Plane.Dp.Nat.TryLookup(NatTab.Established, reverse, out Nat nat));
        Assert.Equal(40500, IPAddress.NetworkToHostOrder((short)nat.ClientPort) & 0xffff);
        (verdict, output) = fx.Run(Tcp(RealMac, LbIn, "192.0.2.11", "198.51.100.8", 8080, 40500), inside: true);
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbOut, ClientMac, Vip, "198.51.100.8", 80, 40500, ttl: 63), output);
    }

    [RootFact]
    public void SynFloodTenTimesTheTable_EstablishedFlowsRepliesStillUnNated()
    {
        Privileges.RequireRoot();
        const int table = 4096;
        using var small = ModesFixture.WithFlowTable(table);
        small.Fresh();
        Assert.Equal(table, small.Plane.Dp.Nat.Capacity);

        // 1000 established flows (SYN, then ACK) of a client whose replies can be forwarded.
        var ports = Enumerable.Range(20000, 1000).Select(p => (ushort)p).ToArray();
        Assert.All(small.RunMany(ports.SelectMany(p => new[] { Syn("198.51.100.7", p), Tcp(ClientMac, LbOut, "198.51.100.7", Vip, p, 80) })),
            v => Assert.Equal(XdpAction.Redirect, v));

        // Ten times the table of SYNs from other clients, each a new flow with its own reverse entry.
        var flood = Enumerable.Range(0, 10 * table).Select(i => Syn($"198.51.100.{201 + (i / 60000)}", (ushort)(1024 + (i % 60000))));
        Assert.All(small.RunMany(flood), v => Assert.Equal(XdpAction.Redirect, v));

        // Every established flow's reply still finds its entry and reaches the client from the VIP.
        var before = small.Plane.Snapshot();
        foreach (var p in ports)
        {
            var (verdict, output) = small.Run(Tcp(RealMac, LbIn, "192.0.2.11", "198.51.100.7", 8080, p), inside: true);
            Assert.Equal(XdpAction.Redirect, verdict);
            Assert.Equal(Tcp(LbOut, ClientMac, Vip, "198.51.100.7", 80, p, ttl: 63), output);
        }
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.RedirectReply] = 1000 }, small.Plane.DeltaSince(before));
    }

    private static byte[] Syn(string client, ushort port) =>
        ModeFrames.Ip(ClientMac, LbOut, client, Vip).Tcp(port, 80, TcpFlags.Syn, seq: 1000).Build();

    private static byte[] SynAck(string srcMac, string dstMac, string src, string dst, ushort sport, ushort dport, byte ttl) =>
        ModeFrames.Ip(srcMac, dstMac, src, dst, ttl).Tcp(sport, dport, TcpFlags.Syn | TcpFlags.Ack, seq: 5000, ack: 1001).Build();
}
