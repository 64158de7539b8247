namespace FastLb.PacketTests.Modes;

/// <summary>SNAT port allocation: distinct ports for flows whose first choice collides, the port
/// kept for the flow's later packets, and a full range dropped without sending.</summary>
[Collection(ModesCollection.Name)]
public sealed class SnatTests(ModesFixture fx)
{
    private static readonly PortRange Range = new(40000, 40001); // r4-snat: two ports
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.42");

    [RootFact]
    public void CollidingFirstChoice_SecondFlowGetsTheOtherPort_FullRangeDrops()
    {
        fx.Fresh();
        // Two clients whose flows hash to the same first port.
        var (c1, c2) = ("198.51.100.7", "198.51.100.8");
        var first = FirstSnatPort(Key(c1, 40100), Range);
        var sport2 = Enumerable.Range(40100, 200).Select(p => (ushort)p).First(p => FirstSnatPort(Key(c2, p), Range) == first);
        var other = first == Range.First ? Range.Last : Range.First;

        var (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, c1, "203.0.113.42", 40100, 80));
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbIn, RealMac, "192.0.2.1", "192.0.2.11", first, 8080, ttl: 63), output);

        (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, c2, "203.0.113.42", sport2, 80));
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbIn, RealMac, "192.0.2.1", "192.0.2.11", other, 8080, ttl: 63), output);

        // The first flow's next packet keeps its port.
        (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, c1, "203.0.113.42", 40100, 80));
        Assert.Equal(Tcp(LbIn, RealMac, "192.0.2.1", "192.0.2.11", first, 8080, ttl: 63), output);

        // Each reply finds its own client.
        (verdict, output) = fx.Run(Tcp(RealMac, LbIn, "192.0.2.11", "192.0.2.1", 8080, other), inside: true);
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbOut, ClientMac, "203.0.113.42", c2, 80, sport2, ttl: 63), output);

        // Both ports taken: a third flow is dropped, nothing sent, no flow pinned.
        var third = Tcp(ClientMac, LbOut, c1, "203.0.113.42", 40999, 80);
        var before = fx.Plane.Snapshot();
        (verdict, output) = fx.Run(third);
        Assert.Equal(XdpAction.Drop, verdict);
        Assert.Equal(third, output);
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.DropSnatExhausted] = 1 }, fx.Plane.DeltaSince(before));
        Assert.False(fx.Plane.Dp.Flows.TryLookup(Key(c1, 40999), out Flow _));
    }

    [RootFact]
    public void ClosedFlowExpired_ItsPortServesANewFlow_LiveFlowsKeepTheirs()
    {
        fx.Fresh();
        // .7 and .8 have neighbour entries: their replies can be forwarded.
        var (c1, c2, c3, c4) = ("198.51.100.21", "198.51.100.8", "198.51.100.7", "198.51.100.24");
        // Two flows take both ports of the range.
        Assert.Equal(XdpAction.Redirect, fx.Run(Tcp(ClientMac, LbOut, c1, "203.0.113.42", 40300, 80)).Verdict);
        Assert.Equal(XdpAction.Redirect, fx.Run(Tcp(ClientMac, LbOut, c2, "203.0.113.42", 40300, 80)).Verdict);
        var port1 = SnatPortOf(c1, 40300);
        Assert.NotEqual(port1, SnatPortOf(c2, 40300));
        Assert.Equal(XdpAction.Drop, fx.Run(Tcp(ClientMac, LbOut, c3, "203.0.113.42", 40300, 80)).Verdict);

        // The first flow closes: its replies (the last ACK) still need the port until the flow expires.
        var rst = ModeFrames.Ip(ClientMac, LbOut, c1, "203.0.113.42").Tcp(40300, 80, TcpFlags.Rst | TcpFlags.Ack, seq: 2000, ack: 77).Build();
        Assert.Equal(XdpAction.Redirect, fx.Run(rst).Verdict);
        Assert.Equal(XdpAction.Drop, fx.Run(Tcp(ClientMac, LbOut, c3, "203.0.113.42", 40300, 80)).Verdict);

        // Once it has expired, a new flow takes its port (counted), and that port's replies reach the new client.
        fx.Plane.Age(Key(c1, 40300), TimeSpan.FromSeconds(40));
        fx.Plane.AgeNat(SnatReverse(port1));
        var reclaimed = fx.Plane.Events(FlowEvent.SnatReclaimed);
        var (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, c3, "203.0.113.42", 40300, 80));
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbIn, RealMac, "192.0.2.1", "192.0.2.11", port1, 8080, ttl: 63), output);
        Assert.Equal(reclaimed + 1, fx.Plane.Events(FlowEvent.SnatReclaimed));
        (verdict, output) = fx.Run(Tcp(RealMac, LbIn, "192.0.2.11", "192.0.2.1", 8080, port1), inside: true);
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbOut, ClientMac, "203.0.113.42", c3, 80, 40300, ttl: 63), output);

        // The second flow lives on: a fourth finds no port, and the second's replies still reach it.
        Assert.Equal(XdpAction.Drop, fx.Run(Tcp(ClientMac, LbOut, c4, "203.0.113.42", 40300, 80)).Verdict);
        (verdict, output) = fx.Run(Tcp(RealMac, LbIn, "192.0.2.11", "192.0.2.1", 8080, SnatPortOf(c2, 40300)), inside: true);
        Assert.Equal(Tcp(LbOut, ClientMac, "203.0.113.42", c2, 80, 40300, ttl: 63), output);
    }

    [RootFact]
    public void ReverseEntryEvicted_FlowRefreshed_PutBackWithTheSamePort()
    {
        fx.Fresh();
        var request = Tcp(ClientMac, LbOut, "198.51.100.7", "203.0.113.42", 40200, 80);
        var port = FirstSnatPort(Key("198.51.100.7", 40200), Range);
        Assert.Equal(XdpAction.Redirect, fx.Run(request).Verdict);
        var reverse = SnatReverse(port);
        Assert.True(fx.Plane.Dp.Nat.TryLookup(reverse, out Nat _));

        // Evicted while the flow lives; a packet within the refresh period does not put it back.
        fx.Plane.Dp.Nat.Delete(reverse);
        Assert.Equal(XdpAction.Redirect, fx.Run(request).Verdict);
        Assert.False(fx.Plane.Dp.Nat.TryLookup(reverse, out Nat _));

        // Once the flow is due a refresh, the next packet re-inserts it, same port, and the reply is un-NAT'd.
        Assert.True(fx.Plane.Dp.Flows.TryLookup(Key("198.51.100.7", 40200), out Flow flow));
        Assert.Equal(port, (ushort)IPAddress.NetworkToHostOrder((short)flow.SnatPort));
        flow.RefreshedNs = 0;
        fx.Plane.Dp.Flows.Update(Key("198.51.100.7", 40200), flow);
        var (verdict, output) = fx.Run(request);
        Assert.Equal(Tcp(LbIn, RealMac, "192.0.2.1", "192.0.2.11", port, 8080, ttl: 63), output);
        Assert.True(fx.Plane.Dp.Nat.TryLookup(reverse, out Nat nat));
        Assert.Equal((40200, 80), (IPAddress.NetworkToHostOrder((short)nat.ClientPort) & 0xffff, IPAddress.NetworkToHostOrder((short)nat.VipPort) & 0xffff));
        (verdict, output) = fx.Run(Tcp(RealMac, LbIn, "192.0.2.11", "192.0.2.1", 8080, port), inside: true);
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbOut, ClientMac, "203.0.113.42", "198.51.100.7", 80, 40200, ttl: 63), output);
    }

    [RootFact]
    public void EntryWhoseFlowIsNotPinnedYet_KeepsItsPortWhileYoung_ThenIsReclaimed()
    {
        fx.Fresh();
        // Three clients whose flows hash to the same first port; .7 has a neighbour entry for its replies.
        var (c1, c2, c3) = ("198.51.100.7", "198.51.100.8", "198.51.100.21");
        var first = FirstSnatPort(Key(c1, 40400), Range);
        var other = first == Range.First ? Range.Last : Range.First;
        var (sport2, sport3) = (SportWithFirstChoice(c2, first), SportWithFirstChoice(c3, first));

        // c1's flow takes `first`, then its pin goes: what another CPU sees between nat_create writing
        // the reverse entry and flow_pin_create pinning the flow.
        Assert.Equal(XdpAction.Redirect, fx.Run(Tcp(ClientMac, LbOut, c1, "203.0.113.42", 40400, 80)).Verdict);
        Assert.True(fx.Plane.Dp.Flows.Delete(Key(c1, 40400)));
        var reclaimed = fx.Plane.Events(FlowEvent.SnatReclaimed);

        // The entry is too young to be stale: c2 gets the other port, c3 none, and `first` still answers c1.
        var (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, c2, "203.0.113.42", sport2, 80));
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbIn, RealMac, "192.0.2.1", "192.0.2.11", other, 8080, ttl: 63), output);
        Assert.Equal(XdpAction.Drop, fx.Run(Tcp(ClientMac, LbOut, c3, "203.0.113.42", sport3, 80)).Verdict);
        Assert.Equal(reclaimed, fx.Plane.Events(FlowEvent.SnatReclaimed));
        (verdict, output) = fx.Run(Tcp(RealMac, LbIn, "192.0.2.11", "192.0.2.1", 8080, first), inside: true);
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbOut, ClientMac, "203.0.113.42", c1, 80, 40400, ttl: 63), output);

        // Two units of its clock later, an entry whose flow was never pinned is stale: c3 takes its port.
        fx.Plane.AgeNat(SnatReverse(first));
        (verdict, output) = fx.Run(Tcp(ClientMac, LbOut, c3, "203.0.113.42", sport3, 80));
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbIn, RealMac, "192.0.2.1", "192.0.2.11", first, 8080, ttl: 63), output);
        Assert.Equal(reclaimed + 1, fx.Plane.Events(FlowEvent.SnatReclaimed));
    }

    [RootFact]
    public void FlowSentUnpinned_ItsNextPacketAMomentLater_KeepsItsPort()
    {
        fx.Fresh();
        var request = Tcp(ClientMac, LbOut, "198.51.100.7", "203.0.113.42", 40600, 80);
        var first = FirstSnatPort(Key("198.51.100.7", 40600), Range);
        var (verdict, output) = fx.Run(request);
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbIn, RealMac, "192.0.2.1", "192.0.2.11", first, 8080, ttl: 63), output);

        // Its first packet left without a pin (another CPU was writing its slot): the next finds the
        // flow's own reverse entry, young, and keeps its port.
        Assert.True(fx.Plane.Dp.Flows.Delete(Key("198.51.100.7", 40600)));
        (verdict, output) = fx.Run(request);
        Assert.Equal(XdpAction.Redirect, verdict);
        Assert.Equal(Tcp(LbIn, RealMac, "192.0.2.1", "192.0.2.11", first, 8080, ttl: 63), output);
        Assert.Equal(first, SnatPortOf("198.51.100.7", 40600));
    }

    private static ushort SportWithFirstChoice(string client, ushort port) =>
        Enumerable.Range(40500, 200).Select(p => (ushort)p).First(p => FirstSnatPort(Key(client, p), Range) == port);

    private ushort SnatPortOf(string client, ushort sport)
    {
        Assert.True(fx.Plane.Dp.Flows.TryLookup(Key(client, sport), out Flow flow));
        return (ushort)IPAddress.NetworkToHostOrder((short)flow.SnatPort);
    }

    private static FlowKey Key(string client, ushort sport) => FlowKey.Create(IPAddress.Parse(client), sport, Vip, 80, 6);
}
