// Each controller benchmark runs once, small, and returns a well-formed result. Never how fast.
using FastLb.Bench;
using Xunit;

namespace FastLb.Bench.Tests;

public sealed class ControllerBenchSmokeTests
{
    [Fact]
    public void MaglevBuild_TenReals_EverySlotARealAndEveryRealPresent()
    {
        var bench = new MaglevBuildBenchmarks { Reals = 10, Slots = 65537 };
        bench.Setup();

        var table = bench.Build();

        Assert.Equal(65537, table.Length);
        Assert.All(table, slot => Assert.InRange(slot, 0, 9));
        Assert.Equal(10, table.Distinct().Count());
    }

    [Fact]
    public void MaglevBuild_Backends_DistinctKeys()
    {
        var backends = MaglevBuildBenchmarks.Backends(1000);
        Assert.Equal(1000, backends.Select(b => b.Key).Distinct().Count());
    }

    [Fact]
    public void Planner_ThreeServicesOfFiveReals_EachRingFullOfItsOwnReals()
    {
        var bench = new PlannerBenchmarks { Services = 3, RealsPerService = 5, RingSize = 251 };
        bench.Setup();

        var plan = bench.Plan();

        Assert.Equal(3, plan.Services.Count);
        Assert.Equal(15, plan.Services.SelectMany(s => s.Reals).Select(r => r.Index).Distinct().Count());
        Assert.All(plan.Services, s =>
        {
            Assert.Equal(5, s.Reals.Count);
            Assert.Equal(251, s.Ring.Length);
            Assert.Equal(s.Reals.Select(r => r.Index).Order(), s.Ring.Distinct().Order());
        });
    }

    [Fact]
    public void Reconcile_SharedRealDown_LeavesEveryRing_OneTransition_LeavesItsService()
    {
        var bench = new ReconcileBenchmarks { Services = 3, RealsPerService = 6 };
        bench.SetupShared();

        var shared = bench.SharedRealTransition();

        Assert.All(shared.Services, s => Assert.DoesNotContain(s.Reals[0].Index, s.Ring));
        Assert.All(shared.Services, s => Assert.Contains(s.Reals[1].Index, s.Ring));
        bench.Setup();
        var one = bench.OneTransition();
        Assert.DoesNotContain(one.Services[0].Reals[5].Index, one.Services[0].Ring);
        Assert.Contains(one.Services[1].Reals[5].Index, one.Services[1].Ring);
    }

    [Fact]
    public void SchedulerTick_FiftyTargets_EachRoundProbesEveryTargetOnce()
    {
        var bench = new SchedulerTickBenchmarks { Targets = 50 };
        bench.Setup();
        try
        {
            Assert.Equal(100, bench.Round());
            Assert.Equal(150, bench.Round());
        }
        finally
        {
            bench.Cleanup();
        }
    }
}
