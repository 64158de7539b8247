namespace FastLb.PacketTests.Algorithms;

/// <summary>
/// The flow recount (a syscall program walking the connection table's buckets) counts what least connections
/// should see: open flows, SYN-only ones apart, pinned under the real's current generation and not
/// idle past their timeout; and corrects the data plane's active counts by the drift.
/// </summary>
public sealed class FlowRecountTests
{
    private const string Keys = "    algorithm: least-connections\n";

    /// <summary>The default table has 2^20 buckets, walked in one bpf_loop: every flow is counted.</summary>
    [RootFact]
    public void Recount_DefaultTableOfAMillionBuckets_CountsEveryFlow()
    {
        var options = new DataPlaneOptions(FastLb.Model.FastLbConfig.DefaultFlowTableSize, FlowTimeouts.Default);
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1, 1), options);
        Assert.True(p.Plane.Dp.Flows.Map.MaxEntries > 1_000_000);
        using var recounter = FlowRecounter.Load(p.Plane.Dp, options);
        var c = AlgoPlane.Client(8);
        for (ushort port = 7000; port < 7050; port++)
        {
            p.Send(c, port, TcpFlags.Ack);
        }

        var recount = recounter.Recount(p.Plane.Plan);

        Assert.Equal(50, recount.FlowsEntries);
        Assert.Equal(50, recount.FlowsActive);
        Assert.Equal(0, recount.DriftFlows);
    }

    /// <summary>A table walked in many runs (as one of more than bpf_loop's 8 Mi buckets is) counts
    /// what one run does: no bucket skipped or counted twice at a range's edge.</summary>
    [RootFact]
    public void Recount_WalkedInRangesOf1000Buckets_CountsWhatOneRunCounts()
    {
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1, 1));
        using var ranged = FlowRecounter.Load(p.Plane.Dp, DataPlaneOptions.Compiled, bucketsPerRun: 1000);
        using var whole = FlowRecounter.Load(p.Plane.Dp, DataPlaneOptions.Compiled);
        Assert.True(p.Plane.Dp.Flows.Map.MaxEntries > 60 * 1000);
        var c = AlgoPlane.Client(9);
        // 10,000 flows over 65,536 buckets: a walk that missed one bucket per range (66 of them)
        // would miss one of these flows but with a chance of e^-10.
        for (var port = 20000; port < 30000; port++)
        {
            p.Send(c, (ushort)port, TcpFlags.Ack);
        }

        var inRanges = ranged.Recount(p.Plane.Plan);
        var inOne = whole.Recount(p.Plane.Plan);

        Assert.Equal(10_000, inRanges.FlowsEntries);
        Assert.Equal(10_000, inRanges.FlowsActive);
        Assert.Equal((inOne.FlowsEntries, inOne.FlowsActive), (inRanges.FlowsEntries, inRanges.FlowsActive));
        Assert.Equal(inOne.ActiveByReal, inRanges.ActiveByReal);
    }

    [RootFact]
    public void Recount_EvictedAndSilentlyExpiredFlows_SubtractedFromActive()
    {
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1, 1));
        using var recounter = FlowRecounter.Load(p.Plane.Dp, DataPlaneOptions.Compiled);
        var c = AlgoPlane.Client(7);
        for (ushort port = 6000; port < 6010; port++)
        {
            p.Send(c, port);
            p.Send(c, port, TcpFlags.Ack); // established
        }
        p.Send(c, 6100); // SYN only
        p.Send(c, 6000, TcpFlags.Fin | TcpFlags.Ack); // closing: not active
        var r1 = Enumerable.Range(6001, 9).Where(port => p.FlowOf(c, (ushort)port).Real == p.Real("r1").Index).Select(port => (ushort)port).ToList();
        Assert.True(r1.Count >= 2);
        Assert.True(p.Plane.Dp.Flows.Delete(AlgoPlane.Key(c, r1[0]))); // gone without a packet: no subtraction
        p.Age(c, r1[1], TimeSpan.FromMinutes(20)); // idle past the established timeout, never seen again
        var before = p.Active("r1") + p.Active("r2");
        Assert.Equal(10, before); // the data plane still counts both

        var recount = recounter.Recount(p.Plane.Plan);

        Assert.Equal(9, recount.FlowsEntries); // 10 pinned, one deleted; the closing and the idle ones stay
        Assert.Equal(7, recount.FlowsActive); // minus the closing one and the idle one
        Assert.Equal(1, recount.SynEntries);
        Assert.Equal(1, recount.SynActive);
        Assert.Equal(2, recount.DriftFlows);
        Assert.Equal(8, p.Active("r1") + p.Active("r2"));
        Assert.Equal(recount.ActiveByReal[p.Real("r1").Index], p.Active("r1"));
        Assert.Equal(recount.ActiveByReal[p.Real("r2").Index], p.Active("r2"));
        Assert.Equal(0, recounter.Recount(p.Plane.Plan).DriftFlows); // nothing left to correct
    }

    [RootFact]
    public void Recount_NegativeCountAndReusedIndex_CountedFromTheTable()
    {
        using var p = new AlgoPlane(Keys, AlgoPlane.Reals(1));
        using var recounter = FlowRecounter.Load(p.Plane.Dp, DataPlaneOptions.Compiled);
        var c = AlgoPlane.Client(8);
        p.Send(c, 7000);
        p.Send(c, 7001);
        p.SetActive("r1", -3);

        Assert.Equal(-5, recounter.Recount(p.Plane.Plan).DriftFlows);
        Assert.Equal(2, p.Active("r1"));

        // r1 replaced by r2: r1's flows are no real's load now.
        p.Apply(Keys, "      - {name: r2, address: 192.0.2.22, mac: \"02:00:00:00:00:22\", weight: 1}\n");
        var recount = recounter.Recount(p.Plane.Plan);
        Assert.Equal(2, recount.SynEntries);
        Assert.Equal(0, recount.SynActive);
        Assert.Equal(0, p.Active("r2"));
    }
}
