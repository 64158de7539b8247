// The table each algorithm's data-plane pick reads: exact contents per algorithm, drained and empty pools.
using static FastLb.Reconciler.Tests.Configs;

namespace FastLb.Reconciler.Tests;

public sealed class SelectionTablesTests
{
    private static PlannedService Plan(SchedulingAlgorithm algorithm, params int[] weights)
    {
        var config = Build("veth0", null, new S("web", 10, 101, [.. weights.Select((w, i) => new R($"r{i + 1}", 11 + i, w))]));
        config = config with { Services = [config.Services[0] with { Algorithm = algorithm }] };
        return Planner.Plan(config, AlwaysUp.Instance, new IndexAllocator(64, "service"), new IndexAllocator(64, "real")).Services[0];
    }

    private static string[] Names(PlannedService s) => [.. s.Ring.Select(i => s.Reals.Single(r => r.Index == i).Real.Name)];

    [Fact]
    public void RoundRobin_EachEligibleRealOnce_InConfigOrder()
    {
        Assert.Equal(["r1", "r2", "r3"], Names(Plan(SchedulingAlgorithm.RoundRobin, 1, 5, 1)));
    }

    [Fact]
    public void WeightedRoundRobin_SmoothSequence()
    {
        Assert.Equal(["r1", "r2", "r1"], Names(Plan(SchedulingAlgorithm.WeightedRoundRobin, 2, 1)));
    }

    [Theory]
    [InlineData(SchedulingAlgorithm.LeastConnections)]
    [InlineData(SchedulingAlgorithm.WeightedLeastConnections)]
    [InlineData(SchedulingAlgorithm.Sticky)]
    public void ScannedAlgorithms_EligibleList_DrainedLeftOut(SchedulingAlgorithm algorithm)
    {
        Assert.Equal(["r1", "r3"], Names(Plan(algorithm, 3, 0, 1)));
    }

    [Fact]
    public void Hash_MaglevRingOfRingSize()
    {
        var s = Plan(SchedulingAlgorithm.Hash, 1, 1);
        Assert.Equal(101, s.Ring.Length);
        Assert.Equal(["r1", "r2"], Names(s).Distinct().Order());
    }

    [Theory]
    [InlineData(SchedulingAlgorithm.RoundRobin, 1)]
    [InlineData(SchedulingAlgorithm.LeastConnections, 1)]
    [InlineData(SchedulingAlgorithm.Maglev, 101)]
    public void AllDrained_NoRealInTheTable_AllDown(SchedulingAlgorithm algorithm, int length)
    {
        var s = Plan(algorithm, 0, 0);
        Assert.Equal(length, s.Ring.Length);
        Assert.All(s.Ring, i => Assert.Equal(Planner.NoReal, i));
        Assert.True(s.AllDown);
    }
}
