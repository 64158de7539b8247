namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// `stateless: true`: every packet is placed by the service's Maglev ring and none is kept in the
/// connection table, whether the VIP filter's hint names the service (the fast path) or the service
/// map does; a reload that turns it on or off moves the hint's flag with it.
/// </summary>
public sealed class StatelessTests
{
    private const string Stateless = "    stateless: true\n";
    private static readonly VipKey ServiceKey = VipKey.Create(AlgoPlane.Vip, 80, 6);

    // The real the data plane must pick: the ring slot of the flow's 5-tuple hash (maglev).
    private static string Expected(AlgoPlane p, IPAddress client, ushort sport) => p.RingReal(AlgoPlane.Key(client, sport));

    [RootFact]
    public void ThousandFlows_EachOnItsRingReal_EveryPacket_NothingPinned()
    {
        using var p = new AlgoPlane(Stateless, AlgoPlane.Reals(1, 1, 1));
        Assert.True(p.Plane.Dp.Services.Index!.HintStateless(ServiceKey));
        var before = p.Plane.Snapshot();
        var reals = new HashSet<string>();
        for (var i = 0; i < 1000; i++)
        {
            var client = AlgoPlane.Client(i);
            var sport = (ushort)(20000 + i);
            var expected = Expected(p, client, sport);
            Assert.Equal(expected, p.Send(client, sport));
            Assert.Equal(expected, p.Send(client, sport, TcpFlags.Ack)); // not a SYN: placed the same, no event
            reals.Add(expected);
        }
        Assert.Equal(3, reals.Count);
        Assert.Empty(p.Plane.Dp.Flows.Entries());
        Assert.All(["r1", "r2", "r3"], r => Assert.Equal(0ul, p.NewFlows(r)));
        Assert.Equal(0ul, p.Events(FlowEvent.MissNotSyn));
        Assert.Equal(new Dictionary<Reason, ulong> { [Reason.TxForward] = 2000 }, p.Plane.DeltaSince(before));
    }

    [RootFact]
    public void HintGone_ServiceFromTheMap_StillNothingPinned()
    {
        using var p = new AlgoPlane(Stateless, AlgoPlane.Reals(1, 1, 1));
        p.Plane.Dp.Services.Index!.Remove(ServiceKey, p.Service.Id); // key and hint cleared: the service map answers
        Assert.Null(p.Plane.Dp.Services.Index.Hint(ServiceKey));
        for (var i = 0; i < 50; i++)
        {
            var client = AlgoPlane.Client(i);
            Assert.Equal(Expected(p, client, 30000), p.Send(client, 30000));
        }
        Assert.Empty(p.Plane.Dp.Flows.Entries());
    }

    [RootFact]
    public void RealRemoved_ItsFlowsMove_TheOthersKeepTheirReal()
    {
        using var p = new AlgoPlane(Stateless, AlgoPlane.Reals(1, 1, 1));
        var first = Enumerable.Range(0, 300).ToDictionary(i => i, i => p.Send(AlgoPlane.Client(i), (ushort)(40000 + i))!);
        p.Apply(Stateless, "      - {name: r1, address: 192.0.2.21, mac: \"02:00:00:00:00:21\", weight: 1}\n" +
            "      - {name: r3, address: 192.0.2.23, mac: \"02:00:00:00:00:23\", weight: 1}\n");
        for (var i = 0; i < 300; i++)
        {
            var now = p.Send(AlgoPlane.Client(i), (ushort)(40000 + i))!;
            Assert.NotEqual("r2", now);
            if (first[i] != "r2")
            {
                Assert.Equal(first[i], now); // Maglev moves only the removed real's share
            }
        }
    }

    [RootFact]
    public void Reload_OnThenOff_HintFlagFollows_PinnedFlowsKeepTheirReal()
    {
        using var p = new AlgoPlane("", AlgoPlane.Reals(1, 1, 1));
        var index = p.Plane.Dp.Services.Index!;
        var pinned = AlgoPlane.Client(1);
        var real = p.Send(pinned, 50000)!;
        Assert.False(index.HintStateless(ServiceKey));
        Assert.Single(p.Plane.Dp.Flows.Entries());

        p.Apply(Stateless, AlgoPlane.Reals(1, 1, 1));
        Assert.True(index.HintStateless(ServiceKey));
        Assert.Equal(p.Service.Id, index.Hint(ServiceKey));
        Assert.NotNull(p.Send(AlgoPlane.Client(2), 50001));
        Assert.Single(p.Plane.Dp.Flows.Entries()); // the new flow is not pinned

        p.Apply("", AlgoPlane.Reals(1, 1, 1));
        Assert.False(index.HintStateless(ServiceKey));
        Assert.Equal(real, p.Send(pinned, 50000, TcpFlags.Ack));
        Assert.NotNull(p.Send(AlgoPlane.Client(3), 50002));
        Assert.Equal(2, p.Plane.Dp.Flows.Entries().Count);
    }
}
