namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// A pool change (a real added, another removed, a weight changed) leaves every open flow to a real
/// that stays on it, whatever the algorithm; only the removed real's flows are placed anew.
/// </summary>
public sealed class PoolChangeTests
{
    [RootTheory]
    [InlineData("round-robin")]
    [InlineData("weighted-round-robin")]
    [InlineData("least-connections")]
    [InlineData("weighted-least-connections")]
    [InlineData("hash")]
    [InlineData("sticky")]
    public void PoolChanged_FlowsToRemainingReals_KeepTheirReal(string algorithm)
    {
        var keys = $"    algorithm: {algorithm}\n";
        using var p = new AlgoPlane(keys, AlgoPlane.Reals(1, 1, 1));
        var flows = new List<(IPAddress Client, ushort Port, string Real)>();
        for (var i = 0; i < 60; i++)
        {
            var c = AlgoPlane.Client(i);
            var real = p.Send(c, (ushort)(20000 + i))!;
            Assert.Equal(real, p.Send(c, (ushort)(20000 + i), TcpFlags.Ack)); // established
            flows.Add((c, (ushort)(20000 + i), real));
        }
        Assert.Equal(3, flows.Select(f => f.Real).Distinct().Count());
        var stayed = flows.Where(f => f.Real != "r2").ToList();
        var activeBefore = new[] { "r1", "r3" }.ToDictionary(n => n, p.Active);

        // r2 removed, r4 added, r3's weight changed: one reload.
        p.Apply(keys,
            "      - {name: r1, address: 192.0.2.21, mac: \"02:00:00:00:00:21\", weight: 1}\n" +
            "      - {name: r3, address: 192.0.2.23, mac: \"02:00:00:00:00:23\", weight: 3}\n" +
            "      - {name: r4, address: 192.0.2.24, mac: \"02:00:00:00:00:24\", weight: 1}\n");

        foreach (var (client, port, real) in stayed)
        {
            Assert.Equal(real, p.Send(client, port, TcpFlags.Ack));
        }
        foreach (var n in activeBefore.Keys)
        {
            Assert.Equal(activeBefore[n], p.Active(n));
        }
        foreach (var (client, port, _) in flows.Where(f => f.Real == "r2"))
        {
            Assert.NotEqual("r2", p.Send(client, port, TcpFlags.Ack));
        }
    }

    [RootFact]
    public void SynOnClosingFlow_IsANewFlow_ScheduledAnewAndCounted()
    {
        using var p = new AlgoPlane("    algorithm: least-connections\n", AlgoPlane.Reals(1, 1));
        var c = AlgoPlane.Client(4);
        Assert.Equal("r1", p.Send(c, 5000));
        p.Send(c, 5000, TcpFlags.Ack);
        p.Send(c, 5000, TcpFlags.Fin | TcpFlags.Ack);
        Assert.Equal(0, p.Active("r1"));
        p.SetActive("r1", 3); // r2 is now the least loaded: a new flow must go there

        // The client reuses the 5-tuple (its TIME_WAIT is over): a new connection.
        Assert.Equal("r2", p.Send(c, 5000));
        Assert.Equal(3, p.Active("r1"));
        Assert.Equal(1, p.Active("r2"));
        Assert.Equal(1ul, p.NewFlows("r2"));
        Assert.Equal(Interop.Abi.FlowState.New, p.FlowOf(c, 5000).State);
        Assert.Equal("r2", p.Send(c, 5000, TcpFlags.Ack));
        Assert.Equal(Interop.Abi.FlowState.Established, p.FlowOf(c, 5000).State);

        // A SYN retransmitted on an open flow is not a new one.
        Assert.Equal("r2", p.Send(c, 5001));
        Assert.Equal("r2", p.Send(c, 5001));
        Assert.Equal(2, p.Active("r2"));
    }
}
