namespace FastLb.PacketTests.Modes;

/// <summary>
/// New flows to one real from two CPUs at once, in pairs whose first SNAT port is the same, so no
/// two flows may ever share a port:
/// - a free port: one of the pair writes its reverse entry first and pins its flow a moment later;
///   the other, probing the port in between, must not take it (a flow absent from the connection
///   table is not a flow gone while its entry is young);
/// - a stale port (its entry's flow gone): both may find it stale at once, and only one may take it
///   over (nat_claim);
/// - one side's flows opening with a SYN: its entries go to the opening table and the other side's to
///   the established one, so each checked the other's table before inserting into its own, and a
///   flow looks again after its insert (nat_port_contended).
/// </summary>
[Collection(ModesCollection.Name)]
public sealed class SnatRaceTests(ModesFixture fx)
{
    public static readonly PortRange Range = new(42000, 42999); // r4-snat-wide
    private const int Pairs = 300;
    // Without the young-entry rule (nat_port_reclaimable), about one round in 25 gave a free port to two flows.
    private const int Rounds = 60;
    private static readonly IPAddress Vip = IPAddress.Parse("203.0.113.47");
    private static readonly string[] Clients = ["198.51.100.7", "198.51.100.8"];
    private const string OldClient = "198.51.100.21";

    /// <param name="portStale">Each pair's first port held by a gone flow's old entry, else free.</param>
    /// <param name="firstSideSyns">One side's flows open with a SYN, whose entry goes to the opening table while
    /// the other side's goes to the established one, else both sides' to the established table.</param>
    [RootTheory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void PairsOfNewFlowsOnTwoCpus_SameFirstPort_NeverShareAPort(bool portStale, bool firstSideSyns)
    {
        var pairs = PairsWithOneFirstPort();
        var frames = new byte[2][][];
        for (var side = 0; side < 2; side++)
        {
            var syn = side == 0 && firstSideSyns;
            frames[side] = [.. pairs.Select(p => Frame(Clients[side], side == 0 ? p.A : p.B, syn))];
        }
        for (var round = 0; round < Rounds; round++)
        {
            fx.Fresh();
            if (portStale)
            {
                MakeFirstPortsStale(pairs);
            }
            var busy = fx.Plane.Events(FlowEvent.Busy);
            var verdicts = RunBothSides(frames);
            CheckEveryForwardedFlowOwnsItsPort(pairs, verdicts, round, fx.Plane.Events(FlowEvent.Busy) - busy);
        }
    }

    /// <summary>Each pair's first port held by a flow of .21 that is gone and whose entry is old.</summary>
    private void MakeFirstPortsStale(List<(ushort A, ushort B, ushort Old, ushort First)> pairs)
    {
        Assert.All(fx.RunMany(pairs.Select(p => Frame(OldClient, p.Old))), v => Assert.Equal(XdpAction.Redirect, v));
        foreach (var p in pairs)
        {
            Assert.True(fx.Plane.Dp.Flows.TryLookup(Key(OldClient, p.Old), out Flow flow));
            Assert.Equal(p.First, (ushort)IPAddress.NetworkToHostOrder((short)flow.SnatPort));
            Assert.True(fx.Plane.Dp.Flows.Delete(Key(OldClient, p.Old)));
            fx.Plane.AgeNat(SnatReverse(p.First));
        }
    }

    /// <summary>Side 0's frames on one thread and side 1's on another, frame i of both started together.</summary>
    private XdpAction[,] RunBothSides(byte[][][] frames)
    {
        var verdicts = new XdpAction[2, Pairs];
        var output = new[] { new byte[2048], new byte[2048] };
        PairedThreads.Run(Pairs, (side, i) => verdicts[side, i] = fx.Plane.Dp.Program.TestRun(frames[side][i], output[side], fx.OutIfindex).Verdict,
            loop => fx.Ns.Namespace.Run(loop));
        return verdicts;
    }

    /// <summary>Every forwarded flow holds its own port, and that port's reverse entry names it.</summary>
    private void CheckEveryForwardedFlowOwnsItsPort(List<(ushort A, ushort B, ushort Old, ushort First)> pairs, XdpAction[,] verdicts, int round,
                                                   ulong busy)
    {
        var owners = new Dictionary<ushort, (string Client, ushort Sport)>();
        var (forwarded, unpinned) = (0, 0ul);
        for (var i = 0; i < Pairs; i++)
        {
            for (var side = 0; side < 2; side++)
            {
                var (client, sport) = (Clients[side], side == 0 ? pairs[i].A : pairs[i].B);
                if (verdicts[side, i] != XdpAction.Redirect)
                {
                    Assert.Equal(XdpAction.Drop, verdicts[side, i]); // every port it may try was held
                    continue;
                }
                forwarded++;
                if (!fx.Plane.Dp.Flows.TryLookup(Key(client, sport), out Flow flow))
                {
                    unpinned++; // sent unpinned, as another CPU was writing its slot: its next packet pins it
                    continue;
                }
                var port = (ushort)IPAddress.NetworkToHostOrder((short)flow.SnatPort);
                Assert.True(owners.TryAdd(port, (client, sport)), $"round {round}: SNAT port {port} given to {client}:{sport} and to {owners.GetValueOrDefault(port)}");
                Assert.True(fx.Plane.Dp.Nat.TryLookup(SnatReverse(port), out Nat nat), $"round {round}: no reverse entry for port {port}");
                Assert.Equal((client, sport), (nat.ClientAddress(Family.Inet).ToString(), nat.ClientHostPort));
            }
        }
        Assert.True(forwarded >= Pairs * 2 * 9 / 10, $"round {round}: only {forwarded} of {Pairs * 2} flows forwarded");
        Assert.True(unpinned <= busy, $"round {round}: {unpinned} flows forwarded and not pinned, {busy} counted busy");
    }

    /// <summary>Client ports of .7, .8 and .21 whose flows try the same SNAT port first, a different port per pair.</summary>
    private static List<(ushort A, ushort B, ushort Old, ushort First)> PairsWithOneFirstPort()
    {
        var b = FirstPortToSport(Clients[1]);
        var old = FirstPortToSport(OldClient);
        var pairs = new List<(ushort, ushort, ushort, ushort)>();
        var used = new HashSet<ushort>();
        for (var p = 20000; p < 60000 && pairs.Count < Pairs; p++)
        {
            var first = ModesFixture.FirstSnatPort(Key(Clients[0], (ushort)p), Range);
            // Distinct first ports, three apart; a flow that loses its first probes on a stride of its own (a range over 256 ports).
            if ((first - Range.First) % 3 == 0 && b.ContainsKey(first) && old.ContainsKey(first) && used.Add(first))
            {
                pairs.Add(((ushort)p, b[first], old[first], first));
            }
        }
        Assert.Equal(Pairs, pairs.Count);
        return pairs;
    }

    private static Dictionary<ushort, ushort> FirstPortToSport(string client)
    {
        var byPort = new Dictionary<ushort, ushort>();
        for (var p = 20000; p < 60000 && byPort.Count < Range.Count; p++)
        {
            byPort.TryAdd(ModesFixture.FirstSnatPort(Key(client, (ushort)p), Range), (ushort)p);
        }
        return byPort;
    }

    private static byte[] Frame(string client, ushort sport, bool syn = false) => syn
        ? Ip(ClientMac, LbOut, client, "203.0.113.47").Tcp(sport, 80, TcpFlags.Syn, seq: 1000).Build()
        : Tcp(ClientMac, LbOut, client, "203.0.113.47", sport, 80);

    private static FlowKey Key(string client, ushort sport) => FlowKey.Create(IPAddress.Parse(client), sport, Vip, 80, 6);
}
