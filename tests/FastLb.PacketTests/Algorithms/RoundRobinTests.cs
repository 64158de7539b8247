namespace FastLb.PacketTests.Algorithms;

/// <summary>Round robin and weighted round robin on the data plane: thousands of new flows follow the controller's sequence exactly.</summary>
public sealed class RoundRobinTests
{
    [RootFact]
    public void RoundRobin_3000NewFlows_ExactOrderOfTheSequence()
    {
        using var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1, 1));
        var seq = p.Service.Ring.Select(p.NameOf).ToArray();
        Assert.Equal(["r1", "r2", "r3"], seq);
        p.Plane.Dp.RoundRobinPositions.Update(p.Service.Id, 0ul);

        for (var i = 0; i < 3000; i++)
        {
            Assert.Equal(seq[i % 3], p.Send(AlgoPlane.Client(i / 60000), (ushort)(1024 + i)));
        }
        Assert.Equal(1000ul, p.NewFlows("r1"));
        Assert.Equal(1000ul, p.NewFlows("r3"));
    }

    [RootFact]
    public void RoundRobin_EstablishedPackets_KeepTheirRealAndDoNotAdvanceTheSequence()
    {
        using var p = new AlgoPlane("    algorithm: round-robin\n", AlgoPlane.Reals(1, 1, 1));
        p.Plane.Dp.RoundRobinPositions.Update(p.Service.Id, 0ul);
        var client = AlgoPlane.Client(1);
        Assert.Equal("r1", p.Send(client, 2000));
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("r1", p.Send(client, 2000, TcpFlags.Ack));
        }
        Assert.Equal("r2", p.Send(client, 2001)); // the next new flow takes the next real
    }

    [RootFact]
    public void WeightedRoundRobin_8000NewFlows_ExactSequenceAndRatio5To2To1()
    {
        using var p = new AlgoPlane("    algorithm: weighted-round-robin\n", AlgoPlane.Reals(5, 2, 1));
        var seq = p.Service.Ring.Select(p.NameOf).ToArray();
        Assert.Equal(8, seq.Length);
        Assert.Equal(["r1", "r2", "r1", "r1", "r3", "r1", "r2", "r1"], seq); // smooth: no run of five
        p.Plane.Dp.RoundRobinPositions.Update(p.Service.Id, 0ul);

        var counts = new Dictionary<string, int> { ["r1"] = 0, ["r2"] = 0, ["r3"] = 0 };
        for (var i = 0; i < 8000; i++)
        {
            var real = p.Send(AlgoPlane.Client(i / 50000), (ushort)(1024 + i))!;
            Assert.Equal(seq[i % 8], real);
            counts[real]++;
        }
        Assert.Equal(5000, counts["r1"]);
        Assert.Equal(2000, counts["r2"]);
        Assert.Equal(1000, counts["r3"]);
    }

    [RootFact]
    public void WeightedRoundRobin_DrainedReal_NotInTheSequence()
    {
        using var p = new AlgoPlane("    algorithm: weighted-round-robin\n", AlgoPlane.Reals(2, 0, 1));
        for (var i = 0; i < 300; i++)
        {
            Assert.NotEqual("r2", p.Send(AlgoPlane.Client(2), (ushort)(1024 + i)));
        }
        Assert.Equal(0ul, p.NewFlows("r2"));
        Assert.Equal(200ul, p.NewFlows("r1"));
    }
}
