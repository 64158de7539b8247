namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// Least connections on the data plane: every new flow of thousands (with closes between them)
/// lands on the eligible real with the fewest active flows (per weight), ties to the first listed;
/// the data plane's own counts are checked against the flows sent.
/// </summary>
public sealed class LeastConnectionsTests
{
    [RootFact]
    public void LeastConnections_OpensAndCloses_EachNewFlowOnTheLeastLoaded()
    {
        AssertLeastLoaded("    algorithm: least-connections\n", [1, 1, 1, 1], weighted: false);
    }

    [RootFact]
    public void WeightedLeastConnections_OpensAndCloses_EachNewFlowOnTheLeastPerWeight()
    {
        AssertLeastLoaded("    algorithm: weighted-least-connections\n", [3, 1, 2], weighted: true);
    }

    [RootFact]
    public void LeastConnections_PreloadedReal_AvoidedUntilOthersCatchUp()
    {
        using var p = new AlgoPlane("    algorithm: least-connections\n", AlgoPlane.Reals(1, 1));
        p.SetActive("r1", 5);
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal("r2", p.Send(AlgoPlane.Client(1), (ushort)(3000 + i)));
        }
        Assert.Equal("r1", p.Send(AlgoPlane.Client(1), 3005)); // 5 : 5, tie to the first
        Assert.Equal(6, p.Active("r1"));
        Assert.Equal(5, p.Active("r2"));
    }

    [RootFact]
    public void ActiveFlows_FinAndRst_CountedDownOnce_FirstPacketNotSynCountsUp()
    {
        using var p = new AlgoPlane("    algorithm: least-connections\n", AlgoPlane.Reals(1));
        var c = AlgoPlane.Client(3);
        Assert.Equal("r1", p.Send(c, 4000));
        Assert.Equal("r1", p.Send(c, 4001, TcpFlags.Ack)); // mid-flow first packet: served, counted
        Assert.Equal(2, p.Active("r1"));
        Assert.Equal(2, FastLb.Reconciler.StatsReader.Read(p.Plane.Dp, p.Plane.Plan).Reals.Single().ActiveFlows); // the metric's source
        Assert.Equal(Interop.Abi.FlowState.New, p.FlowOf(c, 4000).State);
        Assert.Equal(Interop.Abi.FlowState.Established, p.FlowOf(c, 4001).State);
        p.Send(c, 4000, TcpFlags.Ack);
        Assert.Equal(Interop.Abi.FlowState.Established, p.FlowOf(c, 4000).State);
        p.Send(c, 4000, TcpFlags.Fin | TcpFlags.Ack);
        p.Send(c, 4000, TcpFlags.Fin | TcpFlags.Ack); // the peer's FIN: no second decrement
        p.Send(c, 4001, TcpFlags.Rst);
        Assert.Equal(0, p.Active("r1"));
        Assert.Equal(Interop.Abi.FlowState.Closing, p.FlowOf(c, 4001).State);
        Assert.Equal("r1", p.Send(c, 4000, TcpFlags.Ack)); // the closing flow still reaches its real
        Assert.Equal(0, p.Active("r1"));
    }

    private static void AssertLeastLoaded(string keys, int[] weights, bool weighted)
    {
        using var p = new AlgoPlane(keys, AlgoPlane.Reals(weights));
        var order = p.Service.Ring.Select(p.NameOf).ToArray(); // the listed order breaks ties
        var weightOf = order.ToDictionary(n => n, n => weighted ? p.Real(n).Real.Weight : 1);
        var open = new List<(System.Net.IPAddress Client, ushort Port, string Real)>();
        var expectedActive = order.ToDictionary(n => n, _ => 0L);
        var random = new Random(9);
        for (var i = 0; i < 3000; i++)
        {
            if (open.Count > 0 && random.Next(3) == 0)
            {
                var k = random.Next(open.Count);
                var (client, port, real) = open[k];
                open.RemoveAt(k);
                Assert.Equal(real, p.Send(client, port, random.Next(2) == 0 ? TcpFlags.Fin | TcpFlags.Ack : TcpFlags.Rst));
                expectedActive[real]--;
                continue;
            }
            var expected = order.Aggregate((best, n) =>
                expectedActive[n] * weightOf[best] < expectedActive[best] * weightOf[n] ? n : best);
            var c = AlgoPlane.Client(i / 60000);
            var got = p.Send(c, (ushort)(1024 + i));
            Assert.Equal(expected, got);
            open.Add((c, (ushort)(1024 + i), got!));
            expectedActive[got!]++;
        }
        foreach (var n in order)
        {
            Assert.Equal(expectedActive[n], p.Active(n));
        }
    }
}
