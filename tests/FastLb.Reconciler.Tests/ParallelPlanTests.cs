// Planning many services at once (their tables on several threads) gives each service the ring a whole build gives.
namespace FastLb.Reconciler.Tests;

public sealed class ParallelPlanTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Plan_ManyServicesWithTheControllersCache_EachRingEqualsItsWholeBuild_ChangesExact(int seed)
    {
        var config = ManyServices.Build(40, seed);
        var random = new Random(seed);
        var health = new FakeHealth();
        var ids = new IndexAllocator(64, "service");
        var reals = new IndexAllocator(4096, "real");
        var cache = new PlanCache { RecycleRings = true };
        var all = config.Services.Select(s => s.Name).ToHashSet();
        var plan = Planner.Plan(config, health, ids, reals, cache, null);
        Assert.Equal(5, cache.MaglevBuilds); // one base per pool, however many services share it on however many threads
        var derived = 0;
        for (var step = 0; step < 30; step++)
        {
            var previous = plan.Services.Select(s => s.Ring.ToArray()).ToArray();
            var rings = plan.Services.Select(s => s.Ring).ToArray();
            ManyServices.Flip(health, config, random);
            plan = Planner.Plan(config, health, ids, reals, cache, all);
            for (var i = 0; i < plan.Services.Count; i++)
            {
                var now = plan.Services[i];
                Assert.Equal(ManyServices.WholeBuild(now), now.Ring);
                if (now.RingChanges is { } changes)
                {
                    Assert.Same(rings[i], changes.From);
                    var diff = Enumerable.Range(0, now.Ring.Length).Where(s => previous[i][s] != now.Ring[s]).ToArray();
                    Assert.Equal(diff, changes.Slots);
                    Assert.Equal(diff.Select(s => now.Ring[s]), changes.Values);
                    derived++;
                }
            }
            // A cold plan (every table built, on several threads) agrees.
            Assert.Equal(plan.Services.Select(s => s.Ring), Planner.Plan(config, health, ids, reals).Services.Select(s => s.Ring));
        }
        Assert.True(derived > 100, $"only {derived} rings came with their changes");
        Assert.Equal(5, cache.MaglevBuilds);
    }
}
