// Each scheduling algorithm with real clients and servers: connections from the lab's client through
// the XDP program to echo servers in the reals, counted at the servers (each names itself).
namespace FastLb.LabTests;

/// <summary>
/// Counts only, from the algorithm's definition: round robin exact, weighted round robin in its
/// ratio over whole periods, least connections on the least loaded real at every step, hash the
/// same real for equal fields, sticky the client's real however loaded it is.
/// </summary>
public sealed class AlgorithmLabTests(AlgorithmLab fx) : IClassFixture<AlgorithmLab>
{
    private static readonly (string, int)[] Even = [("real1", 1), ("real2", 1), ("real3", 1)];

    [RootFact]
    public async Task RoundRobin_SequentialConnections_EachRealInTurn()
    {
        using var c = fx.Start("    algorithm: round-robin\n", Even);
        var served = await SequenceAsync(30);

        // Period 3 holding each real once: 10 each, and every connection is the one three before it.
        Assert.Equal(3, served.Take(3).Distinct().Count());
        Assert.All(Enumerable.Range(3, 27), i => Assert.Equal(served[i - 3], served[i]));
        Assert.All(fx.Lab.RealNames, r => Assert.Equal(10, served.Count(s => s == r)));
    }

    [RootFact]
    public async Task WeightedRoundRobin_SixtyConnections_ThreeTwoOnePerPeriod()
    {
        using var c = fx.Start("    algorithm: weighted-round-robin\n", ("real1", 3), ("real2", 2), ("real3", 1));
        var served = await SequenceAsync(60);

        // The sequence repeats every 6: any 6 in a row hold 3, 2 and 1. A failure names the sequence
        // and the flow events: a flow scheduled twice (a miss without SYN) or a SYN finding an entry.
        var events = string.Join(", ", c.ReadFlowEvents().Where(e => e.Value != 0).Select(e => $"{e.Key} {e.Value}"));
        for (var start = 0; start + 6 <= served.Count; start++)
        {
            var window = served.Skip(start).Take(6).ToList();
            var counts = new[] { "real1", "real2", "real3" }.Select(r => window.Count(s => s == r)).ToArray();
            Assert.True(counts.SequenceEqual([3, 2, 1]), $"window at {start}: {string.Join(',', counts)}; served {string.Join(' ', served)}; flow events {events}");
        }
    }

    [RootFact]
    public async Task LeastConnections_HeldConnections_EachOnTheLeastLoaded_FreedRealTakesTheNext()
    {
        using var c = fx.Start("    algorithm: least-connections\n", Even);
        var held = await HoldLeastLoadedAsync(c, 6, new Dictionary<string, int> { ["real1"] = 1, ["real2"] = 1, ["real3"] = 1 });
        try
        {
            Assert.All(fx.Lab.RealNames, r => Assert.Equal(2, held.Count(h => h.Real == r)));
            // The recount walks the tables and finds what the data plane counted: nothing to correct.
            var recount = c.RecountFlows()!;
            Assert.Equal(6, recount.FlowsActive + recount.SynActive);
            Assert.Equal(0, recount.DriftFlows);

            // real2's two clients leave: once the data plane saw their FINs, the next two go to real2.
            foreach (var h in held.Where(h => h.Real == "real2").ToList())
            {
                h.Dispose();
                held.Remove(h);
            }
            await AlgorithmLab.WaitForAsync(() => AlgorithmLab.Active(c)["real2"] == 0, "real2's closed flows counted down");
            for (var i = 0; i < 2; i++)
            {
                held.Add(await fx.HoldAsync());
                Assert.Equal("real2", held[^1].Real);
            }
            Assert.All(fx.Lab.RealNames, r => Assert.Equal(2L, AlgorithmLab.Active(c)[r]));
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    [RootFact]
    public async Task WeightedLeastConnections_HeldConnections_LeastPerWeight_FourTwoTwo()
    {
        using var c = fx.Start("    algorithm: weighted-least-connections\n", ("real1", 2), ("real2", 1), ("real3", 1));
        var held = await HoldLeastLoadedAsync(c, 8, new Dictionary<string, int> { ["real1"] = 2, ["real2"] = 1, ["real3"] = 1 });
        try
        {
            Assert.Equal([4, 2, 2], fx.Lab.RealNames.Select(r => held.Count(h => h.Real == r)));
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    [RootFact]
    public async Task HashOnSourceAddress_EachClientAddressKeepsOneReal_AddressesSpread()
    {
        using var c = fx.Start("    algorithm: hash\n    hash-fields: [src-ip]\n", Even);
        var realOf = new Dictionary<System.Net.IPAddress, string>();
        for (var round = 0; round < 4; round++)
        {
            foreach (var client in fx.Clients)
            {
                var real = await fx.OnceAsync(client);
                Assert.Equal(realOf.GetValueOrDefault(client, real), real); // new source port each time: same real
                realOf[client] = real;
            }
        }
        Assert.True(realOf.Values.Distinct().Count() >= 2, $"{fx.Clients.Count} client addresses all hashed to {realOf.Values.First()}");

        // Over the whole 5-tuple (the default) the source port counts too: one address spreads.
        c.Reload(fx.Config("    algorithm: hash\n", Even));
        var spread = await SequenceAsync(30);
        Assert.True(spread.Distinct().Count() >= 2, "30 connections from one address on one real under a 5-tuple hash");
    }

    [RootFact]
    public async Task Sticky_ClientKeepsItsRealWhileLoaded_NextClientPlacedByLeastConnections()
    {
        using var c = fx.Start("    algorithm: sticky\n    sticky-timeout: 300s\n", Even);
        var held = new List<HeldConnection>();
        try
        {
            held.Add(await fx.HoldAsync(fx.Clients[0]));
            var first = held[0].Real;
            for (var i = 0; i < 3; i++)
            {
                held.Add(await fx.HoldAsync(fx.Clients[0])); // least connections would pick another real
                Assert.Equal(first, held[^1].Real);
                Assert.Equal(first, await fx.OnceAsync(fx.Clients[0]));
            }
            held.Add(await fx.HoldAsync(fx.Clients[1]));
            var second = held[^1].Real;
            Assert.NotEqual(first, second); // a new client: the least loaded, not first's real
            held.Add(await fx.HoldAsync(fx.Clients[2]));
            Assert.DoesNotContain(held[^1].Real, new[] { first, second });
            Assert.Equal(second, await fx.OnceAsync(fx.Clients[1]));
            Assert.Equal(first, await fx.OnceAsync(fx.Clients[0]));
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    [RootFact]
    public async Task Stateless_ConnectionsServedWholeByTheirHash_NothingPinned()
    {
        using var c = fx.Start("    algorithm: hash\n    hash-fields: [src-ip]\n    stateless: true\n", Even);
        var realOf = new Dictionary<System.Net.IPAddress, string>();
        var held = new List<HeldConnection>();
        try
        {
            // Every packet of a connection is placed anew by the hash: handshake, data and close
            // reach the same real, so connections complete and a held one keeps talking to it.
            for (var round = 0; round < 3; round++)
            {
                foreach (var client in fx.Clients)
                {
                    var real = await fx.OnceAsync(client);
                    Assert.Equal(realOf.GetValueOrDefault(client, real), real);
                    realOf[client] = real;
                }
            }
            held.Add(await fx.HoldAsync(fx.Clients[0]));
            Assert.Equal(realOf[fx.Clients[0]], held[0].Real);
            Assert.True(realOf.Values.Distinct().Count() >= 2, $"{fx.Clients.Count} client addresses all hashed to {realOf.Values.First()}");

            // The connection table holds none of them and no real counts an active flow.
            var recount = c.RecountFlows()!;
            Assert.Equal(0, recount.FlowsActive + recount.SynActive);
            Assert.All(fx.Lab.RealNames, r => Assert.Equal(0L, AlgorithmLab.Active(c)[r]));
        }
        finally
        {
            held.ForEach(h => h.Dispose());
        }
    }

    /// <summary>Short connections one after another: the real each reached.</summary>
    private async Task<List<string>> SequenceAsync(int count)
    {
        var served = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            served.Add(await fx.OnceAsync());
        }
        return served;
    }

    /// <summary>Holds <paramref name="count"/> connections, opened one at a time; each must reach a real
    /// with the fewest held connections per weight before it (ties any), and the data plane counts them.</summary>
    private async Task<List<HeldConnection>> HoldLeastLoadedAsync(Reconciler.FastLbController c, int count, Dictionary<string, int> weights)
    {
        var held = new List<HeldConnection>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var load = weights.Keys.ToDictionary(r => r, r => (double)held.Count(h => h.Real == r) / weights[r]);
                var h = await fx.HoldAsync();
                held.Add(h);
                Assert.True(load[h.Real] == load.Values.Min(), $"connection {i} reached {h.Real} at {load[h.Real]} per weight; least was {load.Values.Min()}");
                Assert.Equal(held.Count(x => x.Real == h.Real), AlgorithmLab.Active(c)[h.Real]);
            }
            return held;
        }
        catch
        {
            held.ForEach(h => h.Dispose());
            throw;
        }
    }
}
