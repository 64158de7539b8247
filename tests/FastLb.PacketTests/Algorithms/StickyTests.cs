namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// Sticky clients on the data plane's clock: a client keeps its real across new flows, whatever the
/// load; after the timeout (its entry's last use moved back), or when its real is drained, it is
/// placed anew by least connections.
/// </summary>
public sealed class StickyTests
{
    private const string Keys = "    algorithm: sticky\n    sticky-timeout: 60s\n";

    [RootFact]
    public void Sticky_ClientsKeepTheirReal_AcrossManyFlows_FirstPlacedByLeastConnections()
    {
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1, 1, 1));
        var realOf = new Dictionary<int, string>();
        for (var c = 0; c < 90; c++)
        {
            realOf[c] = p.Send(Client(c), 1024)!;
        }
        // Least connections places 90 first flows 30 / 30 / 30.
        Assert.All(realOf.Values.GroupBy(r => r), g => Assert.Equal(30, g.Count()));
        for (var round = 1; round < 20; round++)
        {
            for (var c = 0; c < 90; c++)
            {
                Assert.Equal(realOf[c], p.Send(Client(c), (ushort)(1024 + round)));
            }
        }
    }

    [RootFact]
    public void Sticky_WithinTimeout_KeepsLoadedReal_AfterTimeout_PlacedAnew()
    {
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1, 1));
        var c = Client(7);
        var first = p.Send(c, 2000)!;
        var other = first == "r1" ? "r2" : "r1";
        p.SetActive(first, 1000); // least connections would now pick the other real

        AgeSticky(p, c, TimeSpan.FromSeconds(59));
        Assert.Equal(first, p.Send(c, 2001));
        AgeSticky(p, c, TimeSpan.FromSeconds(61));
        Assert.Equal(other, p.Send(c, 2002));
        Assert.Equal(other, p.Send(c, 2003)); // and sticks there
    }

    [RootFact]
    public void Sticky_RealDrained_ClientPlacedAnew_OpenFlowKeepsDrainedReal()
    {
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1, 1));
        var c = Client(9);
        var first = p.Send(c, 3000)!;
        var weights = first == "r1" ? new[] { 0, 1 } : [1, 0];
        p.Apply(Keys, AlgoPlane.Reals(weights));

        Assert.NotEqual(first, p.Send(c, 3001)); // a new flow leaves the drained real
        Assert.Equal(first, p.Send(c, 3000, FastLb.Wire.TcpFlags.Ack)); // the open flow stays
    }

    [RootFact]
    public void Sticky_DifferentClients_Independent_SrcIpOnlyKey()
    {
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1, 1));
        var a = p.Send(Client(1), 4000);
        var b = p.Send(Client(2), 4000);
        Assert.NotEqual(a, b); // least connections: the second client goes to the other real
        Assert.True(p.Plane.Dp.Sticky.TryLookup(p.StickyKeyOf(Client(1)), out Sticky st));
        Assert.Equal(p.Real(a!).Index, st.Real);
    }

    [RootFact]
    public void Sticky_EntryClaimedByACpuThatNeverFinishes_FlowPlacedOnItsOwn_EntryLeftToTheClaim()
    {
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1, 1));
        var c = Client(11);
        var first = p.Send(c, 5000)!;
        var other = first == "r1" ? "r2" : "r1";
        p.SetActive(first, 1000);
        var key = p.StickyKeyOf(c);
        Assert.True(p.Plane.Dp.Sticky.TryLookup(key, out Sticky st));
        Assert.Equal(0ul, st.UsedNs & 1); // times are stored even: bit 0 is the claim
        st.UsedNs |= 1; // as if a CPU had claimed the entry and stopped before writing its pick
        p.Plane.Dp.Sticky.Update(key, st);

        Assert.Equal(other, p.Send(c, 5001)); // not dropped, not stuck: least connections places it
        Assert.True(p.Plane.Dp.Sticky.TryLookup(key, out Sticky after));
        Assert.Equal((st.Real, st.RealGen, st.UsedNs), (after.Real, after.RealGen, after.UsedNs));

        after.UsedNs &= ~1ul; // the claim released: the entry names the client's real again
        p.Plane.Dp.Sticky.Update(key, after);
        Assert.Equal(first, p.Send(c, 5002));
    }

    private static IPAddress Client(int n) => new(new byte[] { 198, 51, 100, (byte)(10 + n) });

    // The client's last use moved back by `age`: as if idle that long on the data plane's clock.
    private static void AgeSticky(AlgoPlane p, IPAddress client, TimeSpan age)
    {
        var key = p.StickyKeyOf(client);
        Assert.True(p.Plane.Dp.Sticky.TryLookup(key, out Sticky st));
        st.UsedNs -= (ulong)age.Ticks * 100;
        p.Plane.Dp.Sticky.Update(key, st);
    }
}
