namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// A sticky client opening two connections at once, as a browser opens several, their first packets
/// on two CPUs: both flows must go to one real, the one the client's entry names. New clients
/// (no entry yet) and returning ones (an entry idle past the timeout) alike: each CPU finds no usable
/// entry, picks by least connections, and the other CPU's pick may differ once it sees the first's
/// flow counted.
/// </summary>
public sealed class StickyRaceTests
{
    private const string Keys = "    algorithm: sticky\n    sticky-timeout: 60s\n";
    private const int Clients = 250;
    private const int Rounds = 40;

    /// <param name="returning">The clients' entries are there but idle past the timeout, else absent.</param>
    [RootTheory]
    [InlineData(false)]
    [InlineData(true)]
    public void TwoFirstFlowsOfAClient_OnTwoCpusAtOnce_GoToTheRealItsEntryNames(bool returning)
    {
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1, 1, 1));
        for (var round = 0; round < Rounds; round++)
        {
            var sports = new[] { (ushort)(10000 + (round * 2)), (ushort)(10001 + (round * 2)) };
            for (var c = 0; c < Clients; c++)
            {
                var key = p.StickyKeyOf(AlgoPlane.Client(c));
                if (returning && p.Plane.Dp.Sticky.TryLookup(key, out Sticky st))
                {
                    st.UsedNs -= 61_000_000_000ul;
                    p.Plane.Dp.Sticky.Update(key, st);
                }
                else if (!returning)
                {
                    p.Plane.Dp.Sticky.Delete(key);
                }
            }
            var busy = p.Events(FlowEvent.Busy);
            RunBothSides(p, sports);
            var unpinned = 0ul;
            for (var c = 0; c < Clients; c++)
            {
                var client = AlgoPlane.Client(c);
                Assert.True(p.Plane.Dp.Sticky.TryLookup(p.StickyKeyOf(client), out Sticky st), $"round {round}: client {client} has no entry");
                foreach (var sport in sports)
                {
                    if (!p.Plane.Dp.Flows.TryLookup(AlgoPlane.Key(client, sport), out Flow flow))
                    {
                        unpinned++; // sent unpinned, as another CPU was writing its slot
                        continue;
                    }
                    Assert.True(flow.Real == st.Real,
                        $"round {round}: client {client}'s flow from port {sport} went to {p.NameOf(flow.Real)}, its entry names {p.NameOf(st.Real)}");
                }
            }
            Assert.True(unpinned <= p.Events(FlowEvent.Busy) - busy, $"round {round}: {unpinned} flows not pinned");
        }
    }

    /// <summary>Client c's SYN from sports[side] on thread `side`, the two threads' c-th frames started together.</summary>
    private static void RunBothSides(AlgoPlane p, ushort[] sports)
    {
        var frames = sports.Select(sport => Enumerable.Range(0, Clients).Select(c =>
            Frame.Ethernet(AlgoPlane.ClientMac, AlgoPlane.Lb).IPv4(AlgoPlane.Client(c), AlgoPlane.Vip).Tcp(sport, 80, TcpFlags.Syn).Build()).ToArray()).ToArray();
        var output = new[] { new byte[2048], new byte[2048] };
        PairedThreads.Run(Clients, (side, i) => Assert.Equal(XdpAction.Tx, p.Plane.Dp.Program.TestRun(frames[side][i], output[side]).Verdict));
    }
}
